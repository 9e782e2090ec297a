/**
 * A vitest setup file (every package's `setupFiles`, before private-docker.ts): after each test file,
 * the temporary directories that file made with makeTempDir are removed. The exit hook in cleanup.ts
 * is only a last resort: a fork that its pool ends may never run it, and the suite must leave /tmp as
 * it found it. Evaluated again before each file, so `before` is that file's start; registered before
 * the file's own hooks, so it runs after them (vitest runs after-hooks in reverse), once the file's
 * servers are stopped.
 */
import { afterAll } from "vitest";
import { removeTempDirsSince, tempDirs } from "./cleanup";

const before = tempDirs();
afterAll(() => removeTempDirsSince(before));
