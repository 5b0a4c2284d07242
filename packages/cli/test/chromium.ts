/**
 * A real headless Chromium (Debian's `chromium`, or `CHROMIUM` to point at another binary) that
 * loads a page, runs its scripts, and returns the DOM it ended with. A test that needs it fails
 * with how to install it when it is missing; it never skips.
 */
import { spawnSync } from "node:child_process"
import { existsSync } from "node:fs"
import { pathToFileURL } from "node:url"

const candidates = [process.env["CHROMIUM"], "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]

export const binary = (): string => {
  const found = candidates.find((c): c is string => c !== undefined && c !== "" && existsSync(c))
  if (found === undefined) {
    throw new Error(
      "Chromium is needed to check the HTML report: install Debian's package (apt-get install -y chromium) or set CHROMIUM to a Chromium binary"
    )
  }
  return found
}

/** The DOM of `file` after its scripts ran, as serialised by Chromium's --dump-dom. */
export const renderedDom = (file: string): string => {
  const r = spawnSync(binary(), [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--virtual-time-budget=5000",
    "--dump-dom",
    pathToFileURL(file).href
  ], { encoding: "utf8", timeout: 60_000, maxBuffer: 1 << 26 })
  if (r.status !== 0) throw new Error(`chromium exited with ${r.status}: ${r.stderr}`)
  return r.stdout
}
