/**
 * GitHub's rule for the GITHUB_TOKEN permissions of a called (reusable) workflow, as a function: what
 * each job gets from a caller's grant, and the error GitHub gives, before any job or `if:` runs,
 * when a job asks for more. Sources (docs/keyless.md, "Permissions"): "The GITHUB_TOKEN permissions
 * passed from the caller workflow can be only downgraded (not elevated) by the called workflow"
 * (Reusing workflow configurations); permissions are "adjusted … first at the workflow level and
 * then at the job level" (How permissions are calculated for a workflow job); a job without a
 * `permissions` key in a workflow without one gets what it was passed; and GitHub's refusal reads
 * "The nested job 'build' is requesting 'id-token: write', but is only allowed 'id-token: none'."
 */

export type Level = "none" | "read" | "write";
export type Grant = Readonly<Record<string, Level>>;

/** `permissions:` as written: a mapping, `read-all`/`write-all`, `{}` (nothing), or absent. */
export type Declared = Readonly<Record<string, string>> | "read-all" | "write-all" | undefined;

const RANK: Record<Level, number> = { none: 0, read: 1, write: 2 };

/** A declaration as a full grant: unnamed scopes are `none` (metadata is not modelled). */
function expand(declared: Exclude<Declared, undefined>, scopes: readonly string[]): Record<string, Level> {
  if (declared === "read-all" || declared === "write-all") {
    const level = declared === "read-all" ? "read" : "write";
    return Object.fromEntries(
      scopes.map((scope) => [scope, scope === "id-token" && level === "read" ? "none" : level]),
    );
  }
  return Object.fromEntries(scopes.map((scope) => [scope, (declared[scope] as Level | undefined) ?? "none"]));
}

export interface CalledJob {
  readonly name: string;
  readonly permissions?: Declared;
}

export type JobOutcome =
  | { readonly job: string; readonly gets: Grant }
  | { readonly job: string; readonly error: string };

/**
 * What every job of a called workflow gets from the caller's grant, or GitHub's startup error for a
 * job that asks for more (the whole run is refused then, whatever the job's `if:`).
 */
export function calledJobs(
  workflowPermissions: Declared,
  jobs: readonly CalledJob[],
  callerGrant: Grant,
): JobOutcome[] {
  const scopes = [
    ...new Set([
      ...Object.keys(callerGrant),
      ...jobs.flatMap((job) => (typeof job.permissions === "object" ? Object.keys(job.permissions) : [])),
      ...(typeof workflowPermissions === "object" ? Object.keys(workflowPermissions) : []),
      "id-token",
    ]),
  ].sort();
  const passed = expand(callerGrant, scopes);
  return jobs.map((job) => {
    const declared = job.permissions ?? workflowPermissions;
    if (declared === undefined) return { job: job.name, gets: passed };
    const wanted = expand(declared, scopes);
    for (const scope of scopes) {
      const want = wanted[scope] ?? "none";
      const allowed = passed[scope] ?? "none";
      if (RANK[want] > RANK[allowed]) {
        return {
          job: job.name,
          error: `The nested job '${job.name}' is requesting '${scope}: ${want}', but is only allowed '${scope}: ${allowed}'.`,
        };
      }
    }
    return { job: job.name, gets: wanted };
  });
}
