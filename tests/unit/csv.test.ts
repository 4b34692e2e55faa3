import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "../../app/lib/csv";

describe("CSV export", () => {
  it("quotes what needs quoting (RFC 4180)", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('say "hi", then go')).toBe('"say ""hi"", then go"');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell(" padded ")).toBe('" padded "');
    expect(csvCell(null)).toBe("");
    expect(csvCell(42)).toBe("42");
  });

  it("never lets a cell start a spreadsheet formula", () => {
    for (const hostile of ['=HYPERLINK("http://evil.example","x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]) {
      const cell = csvCell(hostile);
      expect(cell.replace(/^"/, "")).toMatch(/^'/);
    }
    // Numbers are numbers, not text to defuse.
    expect(csvCell(-5)).toBe("-5");
  });

  it("writes a header row and CRLF lines", () => {
    expect(toCsv(["a", "b"], [[1, "x,y"], [2, "=z"]])).toBe('a,b\r\n1,"x,y"\r\n2,\'=z\r\n');
  });
});
