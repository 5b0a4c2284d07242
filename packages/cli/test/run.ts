/**
 * Runs the real `dangvien` binary as a child process, in a scratch directory.
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { expect } from "vitest"

/** The `dangvien` executable's source, run by Node. */
export const bin = join(import.meta.dirname, "..", "src", "bin.ts")

export interface Result {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** A scratch directory with files in it, removed by `cleanup`. */
export const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), "dangvien-cli-"))
  return {
    dir,
    file: (name: string, lines: ReadonlyArray<string> | string) => {
      const path = join(dir, name)
      writeFileSync(path, typeof lines === "string" ? lines : lines.map((l) => `${l}\n`).join(""))
      return path
    },
    run: (
      args: ReadonlyArray<string>,
      options: { readonly input?: string; readonly env?: Record<string, string> } = {}
    ) => dangvien(args, { cwd: dir, ...options }),
    cleanup: () => rmSync(dir, { recursive: true, force: true })
  }
}

/** `dangvien …args` with `cwd` as working directory. */
export const dangvien = (
  args: ReadonlyArray<string>,
  options: { readonly cwd: string; readonly input?: string; readonly env?: Record<string, string> }
): Result => {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd,
    encoding: "utf8",
    input: options.input ?? "",
    env: { ...process.env, DANGVIEN_STORE: "", ...options.env },
    maxBuffer: 1 << 28
  })
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
}

/** A failure reported the way users should see it: one `dangvien:` line, no stack trace. */
export const expectOneLineFailure = (r: Result, pattern: RegExp, code = 1) => {
  expect(r.code).toBe(code)
  const last = r.stderr.trimEnd().split("\n").at(-1) ?? ""
  expect(last).toMatch(/^dangvien: /u)
  expect(last).toMatch(pattern)
  expect(r.stderr).not.toMatch(/\n\s+at /u)
}
