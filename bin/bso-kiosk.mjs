#!/usr/bin/env node
// The CLI runs the TypeScript core directly through tsx's loader, so the command and the tests
// exercise the same source without a separate build step.
import { register } from 'tsx/esm/api'

register()
await import('../main/cli/main.ts')
