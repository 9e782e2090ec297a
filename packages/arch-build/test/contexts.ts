import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";

/**
 * Machine code of a tiny static "probe" program, one per architecture, assembled once with
 * `llvm-mc` from the same steps: uname(2), write the machine name to /arch, and if
 * /run/secrets/token can be opened, copy up to 256 bytes of it to /secret-seen; exit 0 (1 on a
 * failed write). FROM scratch has no shell, so a RUN step needs a binary of its own; this one has
 * no libc and runs under QEMU user emulation as well as natively.
 */
const PROBE_CODE: Record<"arm64" | "amd64", { machine: number; hex: string }> = {
  arm64: {
    machine: 183, // EM_AARCH64
    hex:
      "ff0308d1e0030091081480d2010000d4600c809281050010224880d2833480d2080780d2010000d41f0000f16b040054" +
      "e1130491220880d2080880d2010000d4600c809221040050020080d2030080d2080780d2010000d41f0000f18b020054" +
      "e1030091022080d2e80780d2010000d41f0000f12b020054f30300aa600c8092e1020030224880d2833480d2080780d2" +
      "010000d41f0000f10b010054e1030091e20313aa080880d2010000d4000080d2a80b80d2010000d4200080d2a80b80d2" +
      "010000d42f61726368002f72756e2f736563726574732f746f6b656e002f7365637265742d7365656e00",
  },
  amd64: {
    machine: 62, // EM_X86_64
    hex:
      "4881ec000200004889e7b83f0000000f0548c7c79cffffff488d35b2000000ba4102000041baa4010000b8010100000f05" +
      "4885c00f888b0000004889c7488db42404010000ba41000000b8010000000f0548c7c79cffffff488d357800000031d2" +
      "4531d2b8010100000f054885c0784c4889c74889e6ba0001000031c00f054885c078414889c348c7c79cffffff488d35" +
      "55000000ba4102000041baa4010000b8010100000f054885c078194889c74889e64889dab8010000000f0531ffb83c00" +
      "00000f05bf01000000b83c0000000f052f61726368002f72756e2f736563726574732f746f6b656e002f736563726574" +
      "2d7365656e00",
  },
};

/** A static ELF executable: header, one loadable segment, the probe's code at the entry point. */
export function probeExecutable(arch: "arm64" | "amd64"): Buffer {
  const { machine, hex } = PROBE_CODE[arch];
  const code = Buffer.from(hex, "hex");
  const base = 0x400000n;
  const headers = 64 + 56;
  const total = headers + code.length;
  const elf = Buffer.alloc(total);
  elf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0], 0); // ELF64, little endian, SysV
  elf.writeUInt16LE(2, 16); // ET_EXEC
  elf.writeUInt16LE(machine, 18);
  elf.writeUInt32LE(1, 20);
  elf.writeBigUInt64LE(base + BigInt(headers), 24); // entry
  elf.writeBigUInt64LE(64n, 32); // program headers right after the ELF header
  elf.writeUInt16LE(64, 52);
  elf.writeUInt16LE(56, 54);
  elf.writeUInt16LE(1, 56);
  elf.writeUInt16LE(64, 58);
  elf.writeUInt32LE(1, 64); // PT_LOAD
  elf.writeUInt32LE(5, 68); // R+X
  elf.writeBigUInt64LE(base, 80);
  elf.writeBigUInt64LE(base, 88);
  elf.writeBigUInt64LE(BigInt(total), 96);
  elf.writeBigUInt64LE(BigInt(total), 104);
  elf.writeBigUInt64LE(0x10000n, 112);
  code.copy(elf, headers);
  return elf;
}

/** A build context directory with the given files (path → content; Buffers keep mode 0755). */
export function makeContext(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), "arch-build-context-"));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content, typeof content === "string" ? {} : { mode: 0o755 });
  }
  return dir;
}

/**
 * Whether this machine can run `arch` binaries in a chroot: natively, or through a binfmt_misc
 * QEMU entry with the F flag (the interpreter is opened at registration, so it works inside the
 * build's root). Returns the reason when it cannot, for the skip message.
 */
export function canRun(arch: "arm64" | "amd64"): { ok: true } | { ok: false; reason: string } {
  const native = { arm64: "arm64", amd64: "x64" }[arch];
  if (process.arch === native) return { ok: true };
  const entry = `/proc/sys/fs/binfmt_misc/qemu-${arch === "arm64" ? "aarch64" : "x86_64"}`;
  if (!existsSync(entry)) {
    return {
      ok: false,
      reason: `no ${entry}: register QEMU (as root: mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc; update-binfmts --enable qemu-${arch === "arm64" ? "aarch64" : "x86_64"})`,
    };
  }
  const text = readFileSync(entry, "utf8");
  if (!/^enabled/m.test(text)) return { ok: false, reason: `${entry} is disabled` };
  if (!/^flags:.*F/m.test(text)) return { ok: false, reason: `${entry} lacks the F (fix binary) flag` };
  return { ok: true };
}

/** Files of an (optionally gzipped) tar: name → content. Enough for the small layers built here. */
export function tarFiles(blob: Buffer): Map<string, Buffer> {
  const tar = blob[0] === 0x1f && blob[1] === 0x8b ? gunzipSync(blob) : blob;
  const files = new Map<string, Buffer>();
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const name = header.subarray(0, 100).toString("utf8").replace(/\0.*$/s, "");
    const size = Number.parseInt(
      header.subarray(124, 136).toString("utf8").replace(/\0.*$/s, "").trim() || "0",
      8,
    );
    const type = String.fromCharCode(header[156] ?? 0);
    if (type === "0" || type === "\0")
      files.set(name.replace(/^\.?\//, ""), tar.subarray(offset + 512, offset + 512 + size));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}
