import { describe, expect, it } from "vitest";
import { CommandError, runCommand, tryCommand } from "../src/lib";

describe("runCommand", () => {
  it("returns stdout and stderr of an argv command, never through a shell", async () => {
    const result = await runCommand("printf", ["%s|", "a b", "$(id)", ";"], { silent: true });
    expect(result.stdout).toBe("a b|$(id)|;|");
  });

  it("throws CommandError with the trimmed stderr on a non-zero exit", async () => {
    const failing = runCommand("sh", ["-c", "echo 'bad thing'>&2; exit 3"], { silent: true });
    await expect(failing).rejects.toThrow(CommandError);
    await expect(failing).rejects.toThrow("sh exited with code 3: bad thing");
    expect((await tryCommand("sh", ["-c", "exit 4"], { silent: true })).exitCode).toBe(4);
  });

  it("sends the command line and its output to `output` when given", async () => {
    let seen = "";
    const result = await runCommand("sh", ["-c", "echo out; echo err >&2"], {
      output: (text) => {
        seen += text;
      },
    });
    expect(seen).toContain("$ sh -c echo out; echo err >&2\n");
    expect(seen).toContain("out\n");
    expect(seen).toContain("err\n");
    expect(result.stdout).toBe("out\n");
    expect(result.stderr).toBe("err\n");
  });

  it("passes stdin and extra environment", async () => {
    const result = await runCommand("sh", ["-c", 'read line; echo "$line $EXTRA"'], {
      input: "from-stdin\n",
      env: { EXTRA: "from-env" },
      silent: true,
    });
    expect(result.stdout).toBe("from-stdin from-env\n");
  });
});
