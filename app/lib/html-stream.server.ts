import { Transform } from "node:stream";

/**
 * The stream a page's HTML is piped into. React 18's server renderer encodes text into 2 KB
 * views and, when a multi-byte character (å, ø, 中, ⟦) does not fit at the end of one, writes
 * the whole view anyway: the unwritten tail goes out as NUL bytes, and the character follows
 * whole in the next view. HTML never carries a NUL of its own (input drops them, see
 * withoutNul), so dropping every 0x00 byte restores the page exactly.
 */
export function htmlBodyStream(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (chunk.indexOf(0) === -1) return done(null, chunk);
      const bytes = Buffer.from(chunk);
      let kept = 0;
      for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) bytes[kept++] = bytes[i]!;
      done(null, bytes.subarray(0, kept));
    },
  });
}
