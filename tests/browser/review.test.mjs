// The review page in headless Chromium (Debian's, driven by playwright-core)
// against a running `claimlint serve`: CLAIMLINT_URL says where, and
// SCREENSHOTS where to write the pictures. `.ci/browser` sets both.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const URL = process.env.CLAIMLINT_URL || "http://127.0.0.1:7878";
const SHOTS = process.env.SCREENSHOTS || "screenshots";

// A risky draft of our own: a hype word with a safe fix, a cure claim and a
// safety promise with unsafe rewrites, and no off-label disclosure.
const DRAFT = [
  "Welcome to Harbor Light Wellness.",
  "Our revolutionary ketamine infusions cure depression in one visit.",
  "This treatment is 100% safe, and relief is guaranteed!",
  "",
].join("\n");

let context;
let userData;
const problems = [];

before(async () => {
  userData = mkdtempSync(join(tmpdir(), "claimlint-chromium-"));
  mkdirSync(SHOTS, { recursive: true });
  context = await chromium.launchPersistentContext(userData, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
    viewport: { width: 1280, height: 900 },
  });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: URL });
});

after(async () => {
  await context?.close();
  rmSync(userData, { recursive: true, force: true });
});

/// A fresh page; any script error or console error (a blocked resource, a
/// policy violation) is a failure of the test that opened it.
async function open() {
  const page = await context.newPage();
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  await page.goto(URL);
  return page;
}

const marks = (page) => page.locator("#view mark.finding");
const editorText = (page) => page.locator("#editor").inputValue();

async function paste(page, text) {
  await page.locator("#editor").focus();
  await page.keyboard.insertText(text);
  await page.waitForFunction(() => document.querySelectorAll("#view mark.finding").length > 0);
}

test("a pasted draft is highlighted in place, with counts and a card that explains", async () => {
  const page = await open();
  await paste(page, DRAFT);
  const cure = marks(page).filter({ hasText: "cure depression" });
  assert.equal(await cure.count(), 1);
  assert.match(await cure.getAttribute("class"), /sev-error/);
  assert.equal(await cure.getAttribute("role"), "button");
  assert.ok(Number(await page.locator("#count-error").textContent()) >= 2);
  assert.ok(Number(await page.locator("#count-warning").textContent()) >= 1);
  assert.equal(await page.locator("#summary").getAttribute("role"), "status");
  // This server has no token, so the page asks for none.
  assert.equal(await page.locator("#token-form").isVisible(), false);
  // The copy is shown as written, every character in place.
  assert.equal(await page.locator("#view").textContent(), DRAFT);

  await cure.hover();
  const card = page.locator("#card");
  await card.waitFor({ state: "visible" });
  assert.equal(await card.getAttribute("role"), "dialog");
  const text = await card.textContent();
  assert.match(text, /promises a cure/);
  assert.match(text, /Say instead:/);
  await page.waitForFunction(
    () => !document.querySelector("#card .card-why span").textContent.startsWith("Loading"),
  );
  assert.match(await card.locator(".card-why").textContent(), /Why it matters: \w+/);
  await page.screenshot({ path: join(SHOTS, "review-desktop.png"), fullPage: true });
  await page.close();
});

test("one click applies a suggestion, and its finding goes away", async () => {
  const page = await open();
  await paste(page, DRAFT);
  await marks(page).filter({ hasText: "cure depression" }).click();
  const apply = page.locator("#card button.apply").first();
  assert.match(await apply.textContent(), /ease symptoms of depression/);
  await apply.click();
  await page.waitForFunction(() =>
    document.getElementById("editor").value.includes("ease symptoms of depression"),
  );
  await page.waitForFunction(() => document.getElementById("state").textContent === "Checked.");
  assert.ok(!(await editorText(page)).includes("cure depression"));
  assert.equal(await marks(page).filter({ hasText: "cure depression" }).count(), 0);
  const labels = await marks(page).evaluateAll((ms) => ms.map((m) => m.getAttribute("aria-label")));
  assert.ok(!labels.some((l) => l.includes("promises a cure")), labels.join("\n"));
  await page.close();
});

test("a missing disclosure is listed with an add button that adds it", async () => {
  const page = await open();
  await paste(page, DRAFT);
  const panel = page.locator("#disclosures");
  assert.equal(await panel.getAttribute("role"), "list");
  const offLabel = panel.locator("li").filter({ hasText: "off-label" });
  assert.equal(await offLabel.count(), 1);
  const before = await panel.locator("li").count();
  await offLabel.getByRole("button", { name: /^Add/ }).click();
  await page.waitForFunction(() => document.getElementById("editor").value.includes("is off-label"));
  await page.waitForFunction(
    (n) => document.querySelectorAll("#disclosures li").length === n - 1,
    before,
  );
  assert.equal(await panel.locator("li").filter({ hasText: "off-label" }).count(), 0);
  await page.close();
});

test("keyboard only: type, tab to a highlight, read it, apply it, escape", async () => {
  const page = await open();
  await page.keyboard.press("Tab"); // The skip link.
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement.id), "editor");
  await page.keyboard.type("Our revolutionary clinic is here.");
  await page.waitForFunction(() => document.querySelectorAll("#view mark.finding").length > 0);
  // Tab on through the controls until a highlight has the focus.
  let onMark = false;
  for (let i = 0; i < 20 && !onMark; i++) {
    await page.keyboard.press("Tab");
    onMark = await page.evaluate(() => document.activeElement.matches("mark.finding"));
  }
  assert.ok(onMark, "a highlight is reachable with Tab");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "revolutionary");
  await page.locator("#card").waitFor({ state: "visible" });
  await page.keyboard.press("Escape");
  await page.locator("#card").waitFor({ state: "hidden" });
  await page.keyboard.press("Enter");
  assert.ok(await page.evaluate(() => document.activeElement.matches("#card button.apply")));
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.getElementById("editor").value === "Our new clinic is here.");
  await page.waitForFunction(() => document.querySelectorAll("#view mark.finding").length === 0);
  await page.close();
});

test("a dropped .md file sets the format; copy is text, never markup; the copy can be copied out", async () => {
  const page = await open();
  await page.locator("#file").setInputFiles({
    name: "offer.md",
    mimeType: "text/markdown",
    buffer: Buffer.from("# Offer\n\nOur *miracle* drip <img src=x onerror=\"window.pwned=1\">.\n"),
  });
  await page.waitForFunction(() => document.querySelectorAll("#view mark.finding").length > 0);
  assert.equal(await page.locator("#format").inputValue(), "markdown");
  assert.equal(await page.locator("#view img").count(), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  await page.getByRole("button", { name: "Copy the cleaned copy" }).click();
  await page.waitForFunction(() => document.getElementById("state").textContent === "Copied.");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, await editorText(page));
  await page.close();
});

test("a phone-width screen and 400% zoom need no sideways scrolling", async () => {
  const page = await open();
  await paste(page, DRAFT);
  // 320 CSS pixels: a phone, or a 1280-pixel window at 400%.
  await page.setViewportSize({ width: 320, height: 800 });
  await marks(page).filter({ hasText: "cure depression" }).click();
  await page.locator("#card").waitFor({ state: "visible" });
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  await page.screenshot({ path: join(SHOTS, "review-phone.png"), fullPage: true });
  await page.close();
});

test("no script error or console error on any page", () => {
  assert.deepEqual(problems, []);
});
