#!/usr/bin/env node
/**
 * The `dangvien` executable.
 *
 * @since 0.1.0
 */
import { main } from "./Cli.ts"

process.exitCode = await main(process.argv.slice(2))
