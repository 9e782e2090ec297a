import { describe, expect, it } from "vitest";
import { InputErrors, makePlan, planArchRefs, planMatrix, sourceRef } from "../src/lib";

const main = { eventName: "push", ref: "refs/heads/main", headRef: "" };

describe("makePlan", () => {
  it("plans the common case", () => {
    const plan = makePlan({ images: "ghcr.io/lsst-sqre/nublado" }, main);
    expect(plan.tag).toBe("main");
    expect(plan.tags).toEqual(["main"]);
    expect(planMatrix(plan)).toEqual({
      include: [
        { index: 0, platform: "linux/amd64", suffix: "amd64", runner: "ubuntu-24.04", qemu: false },
        { index: 1, platform: "linux/arm64", suffix: "arm64", runner: "ubuntu-24.04-arm", qemu: false },
      ],
    });
    expect(planArchRefs(plan)).toEqual({
      "linux/amd64": ["ghcr.io/lsst-sqre/nublado:main-amd64"],
      "linux/arm64": ["ghcr.io/lsst-sqre/nublado:main-arm64"],
    });
  });

  it("gives every image and non-latest tag per-arch refs, and latest* none (sciplat-lab)", () => {
    const plan = makePlan(
      {
        images:
          "us-central1-docker.pkg.dev/rubin-shared-services-71ec/sciplat/sciplat-lab\nghcr.io/lsst-sqre/sciplat-lab\ndocker.io/lsstsqre/sciplat-lab",
        tag: "w_2026_47",
        additionalTags: "latest_weekly, latest",
      },
      main,
    );
    expect(plan.registries).toEqual(["us-central1-docker.pkg.dev", "ghcr.io", "docker.io"]);
    expect(plan.tags).toEqual(["w_2026_47", "latest_weekly", "latest"]);
    const refs = planArchRefs(plan);
    expect(refs["linux/arm64"]).toEqual([
      "us-central1-docker.pkg.dev/rubin-shared-services-71ec/sciplat/sciplat-lab:w_2026_47-arm64",
      "ghcr.io/lsst-sqre/sciplat-lab:w_2026_47-arm64",
      "docker.io/lsstsqre/sciplat-lab:w_2026_47-arm64",
    ]);
    expect(
      Object.values(refs)
        .flat()
        .some((ref) => ref.includes(":latest")),
    ).toBe(false);
    const [image] = plan.images;
    const [platform] = plan.platforms;
    if (!image || !platform) throw new Error("plan has no image or platform");
    expect(sourceRef(plan, image, platform)).toBe(
      "us-central1-docker.pkg.dev/rubin-shared-services-71ec/sciplat/sciplat-lab:w_2026_47-amd64",
    );
  });

  it("uses the runners override and flags QEMU", () => {
    const plan = makePlan(
      {
        images: "ghcr.io/o/a",
        platforms: "linux/amd64,linux/arm64,linux/arm/v7",
        runners: "default=ubuntu-latest",
      },
      main,
    );
    expect(plan.platforms.map((p) => [p.id, p.runner, p.qemu])).toEqual([
      ["linux/amd64", "ubuntu-latest", false],
      ["linux/arm64", "ubuntu-latest", true],
      ["linux/arm/v7", "ubuntu-latest", true],
    ]);
  });

  it("reports every problem of every input at once", () => {
    try {
      makePlan(
        {
          images: "app, ghcr.io/ok/app:1",
          tag: "bad tag",
          additionalTags: "$(id)",
          platforms: "linux/amd64,linux/amd64,linux/sparc",
          runners: "linux/s390x=box",
        },
        main,
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputErrors);
      const inputs = (error as InputErrors).errors.map((e) => e.input);
      expect(inputs).toEqual(["images", "images", "platforms", "platforms", "tag", "additional-tags"]);
    }
  });

  it("refuses runners for platforms that are not built", () => {
    expect(() => makePlan({ images: "ghcr.io/o/a", runners: "linux/s390x=box" }, main)).toThrow(
      'runners: "linux/s390x" names a platform that is not built; remove it or add it to platforms',
    );
  });

  it("makes room for the longest suffix when a tag is long", () => {
    const tag = "x".repeat(122);
    expect(makePlan({ images: "ghcr.io/o/a", tag }, main).tag).toBe(tag);
    expect(() => makePlan({ images: "ghcr.io/o/a", tag, platforms: "linux/arm/v7" }, main)).toThrow(
      "is 129 characters long with its architecture suffix",
    );
  });
});
