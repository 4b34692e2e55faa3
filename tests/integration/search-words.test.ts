import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Language } from "../../db/schema";
import { detectLanguage } from "../../app/lib/language";
import { toTsvector } from "../../app/lib/text/analyze";
import { buildSearchQuery } from "../../app/services/search/query";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

/**
 * Word-level checks of the analysis against PostgreSQL itself: a sentence as a post indexes it,
 * a query as the search box builds it, and whether the one matches the other. [language of
 * the author, post, query, should match]. Common product words, inflected and compounded both
 * ways, and negatives.
 */
const CASES: [Language, string, string, boolean][] = [
 ["sv","Jag hittar inte fakturan i systemet","fakturor",true],["sv","Fakturorna kom aldrig fram","faktura",true],["sv","Beställningen är försenad","beställningar",true],
 ["sv","Mina beställningar syns inte","beställningen",true],["sv","Kvittot saknas i mejlet","kvitto",true],["sv","Kvittona saknas","kvitto",true],["sv","Rabattkoden fungerar inte","rabatt",true],
 ["sv","Rabattkoden fungerar inte","kod",true],["sv","Leveranstiden är för lång","leverans",true],["sv","Leveranstiden är för lång","tid",true],["sv","Varukorgen är tom","varukorg",true],
 ["sv","Jag kan inte byta lösenord","lösenordet",true],["sv","Appen kraschar när jag öppnar den","app",true],["sv","Betalningarna misslyckas","betalning",true],["sv","Priset har ändrats","pris",true],
 ["sv","Prenumerationen förnyades","prenumeration",true],["sv","Användarna kan inte logga in","användare",true],["sv","Användaren är låst","användare",true],["sv","Inställningen sparas inte","inställningar",true],
 ["sv","Kontona är spärrade","konto",true],["sv","Filerna laddas inte upp","fil",true],["sv","Adressen är fel","adresser",true],["sv","Meddelandet kom aldrig","meddelanden",true],
 ["sv","Bilagan saknas","bil",false],["sv","Bilden laddas inte","bil",false],["sv","Artikeln är fel","art",false],["sv","Kortet nekades","kor",false],["sv","Lagret är tomt","lag",false],
 ["sv","Tabellen är tom","tabell",true],["sv","Sidorna laddar långsamt","sida",true],["sv","Knappen är grå","knapp",true],["sv","Knapparna är grå","knapp",true],
 ["no","Jeg finner ikke fakturaen","fakturaer",true],["no","Bestillingene er forsinket","bestilling",true],["no","Kvitteringen mangler","kvittering",true],["no","Rabattkoden virker ikke","rabatt",true],
 ["no","Rabattkoden virker ikke","kode",true],["no","Leveringstiden er for lang","levering",true],["no","Handlekurven er tom","handlekurv",true],["no","Handlekurven er tom","kurv",true],
 ["no","Appen krasjer","app",true],["no","Betalingene feiler","betaling",true],["no","Prisen er endret","pris",true],["no","Abonnementet ble fornyet","abonnement",true],
 ["no","Brukerne kan ikke logge inn","bruker",true],["no","Innstillingen lagres ikke","innstillinger",true],["no","Kontoene er sperret","konto",true],["no","Filene lastes ikke opp","fil",true],
 ["no","Adressen er feil","adresser",true],["no","Meldingen kom aldri","meldinger",true],["no","Knappen er grå","knapp",true],["no","Knappene er grå","knapp",true],["no","Sidene laster sakte","side",true],
 ["no","Tabellen er tom","tabell",true],["no","Vedlegget mangler","bil",false],["no","Bildet lastes ikke","bil",false],["no","Artikkelen er feil","art",false],["no","Takk for hjelpen","tak",false],
 ["no","Føttene mine","fot",true],["no","Tennene","tann",true],["no","Bøker om installasjon","bok",true],["no","Brukerhåndboken mangler","håndbok",true],["no","Hendene","hånd",true],
 ["sv","Böckerna om installation","bok",true],["sv","Händerna","hand",true],["sv","Fötterna","fot",true],
 ["en","The invoices are missing","invoice",true],["en","Exporting fails","export",true],["en","Cart","car",false],
 ["zh","会议纪要","会议",true],["zh","社会议题","会议",false],["zh","我们的发票导出失败","发票",true],["zh","数据库连接超时","连接",true],["zh","数据库连接超时","超时",true],["zh","用户名和密码","密码",true],
 ["zh","用户名和密码","用户",true],["zh","这是中国人民的","国人",false],["zh","北京大学生","大学",true],["zh","支付宝付款失败","付款",true],["zh","订单已发货","订单",true],["zh","订单已发货","发货",true],
];

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

describe("words as posts index them and queries find them", () => {
  it.each(CASES)("%s: %s ← %s (%s)", async (locale, text, q, expected) => {
    const language = await detectLanguage(text, locale);
    const { rows } = await sql<{ m: boolean }>`select ${toTsvector(text, language)}::tsvector @@ ${buildSearchQuery(q)!.match}::tsquery as m`.execute(t.db);
    expect(rows[0]!.m).toBe(expected);
  });
});
