export const id = 219;
export const ids = [219];
export const modules = {

/***/ 3219:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   installHelper: () => (/* binding */ installHelper),
/* harmony export */   mintOnce: () => (/* binding */ mintOnce),
/* harmony export */   uninstallHelper: () => (/* binding */ uninstallHelper)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_5___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_5__);
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(1425);
/**
 * Sets the credential helper up for the job and takes it down again: a 0700 directory in the
 * runner's temp directory with the configuration, the `docker-credential-<name>` script (for PATH)
 * and the caching process's socket; the caching process itself, detached from the login step.
 */







// A unix socket path must fit in sockaddr_un (108 bytes on Linux).
const MAX_SOCKET_PATH = 100;
/** Writes the helper's files and starts its caching process; resolves once it answers. */
async function installHelper(hosts, options) {
    const name = `mbp-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_1__.randomBytes)(4).toString("hex")}`;
    const dir = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.mkdtemp)((0,node_path__WEBPACK_IMPORTED_MODULE_5__.join)(options.tempDir, "mbp-credentials-"));
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.chmod)(dir, 0o700);
    try {
        const socket = (0,node_path__WEBPACK_IMPORTED_MODULE_5__.join)(dir, "cache.sock");
        if (Buffer.byteLength(socket) > MAX_SOCKET_PATH) {
            throw new Error(`the helper's socket path ${socket} is too long for a unix socket; use a shorter RUNNER_TEMP`);
        }
        const configPath = (0,node_path__WEBPACK_IMPORTED_MODULE_5__.join)(dir, "config.json");
        const config = { version: 1, name, socket, hosts };
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.writeFile)(configPath, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
        const node = options.nodePath ?? process.execPath;
        const script = (0,node_path__WEBPACK_IMPORTED_MODULE_5__.join)(dir, `docker-credential-${name}`);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.writeFile)(script, `#!/bin/sh\n# multi-registry-login's credential helper; removed by its post step.\nexec ${quote(node)} ${quote(options.bundle)} ${quote(configPath)} "$@"\n`, { mode: 0o700 });
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(node, [options.bundle, configPath, "serve"], {
            detached: true,
            stdio: "ignore",
            env: options.env ?? process.env,
        });
        child.unref();
        const pid = child.pid;
        if (pid === undefined)
            throw new Error("the credential helper's caching process did not start");
        let exited;
        child.once("exit", (code) => {
            exited = code;
        });
        const until = Date.now() + (options.startTimeoutMs ?? 10_000);
        while (!(await answers(socket))) {
            if (exited !== undefined) {
                throw new Error(`the credential helper's caching process exited with code ${exited} before it answered`);
            }
            if (Date.now() > until) {
                stopProcess(pid, configPath);
                throw new Error("the credential helper's caching process did not answer within 10 s");
            }
            await new Promise((resolve) => setTimeout(resolve, 25));
        }
        return { name, dir, configPath, pid };
    }
    catch (error) {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.rm)(dir, { recursive: true, force: true });
        throw error;
    }
}
/** Stops the caching process (only if it is still ours) and removes the helper's directory. */
async function uninstallHelper(helper) {
    const stopped = stopProcess(helper.pid, helper.configPath);
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.rm)(helper.dir, { recursive: true, force: true });
    return stopped ? "stopped" : "already-gone";
}
/** SIGTERM to a pid, only when its command line names our configuration (a pid may be reused). */
function stopProcess(pid, configPath) {
    try {
        const cmdline = (0,node_fs__WEBPACK_IMPORTED_MODULE_2__.readFileSync)(`/proc/${pid}/cmdline`, "utf8");
        if (!cmdline.split("\0").includes(configPath))
            return false;
        process.kill(pid, "SIGTERM");
        return true;
    }
    catch {
        return false;
    }
}
function answers(socket) {
    return new Promise((resolve) => {
        const connection = node_net__WEBPACK_IMPORTED_MODULE_4___default().createConnection(socket);
        connection.once("connect", () => {
            connection.destroy();
            resolve(true);
        });
        connection.once("error", () => resolve(false));
    });
}
/** A word for sh: single-quoted, with `'` as `'\''`. */
function quote(text) {
    return `'${text.replace(/'/g, `'\\''`)}'`;
}
/**
 * One credential through the helper bundle (`node <bundle> - mint`, the login as JSON on stdin), for
 * a login the helper does not answer for later (an ECR access key pair's 12-hour password).
 */
function mintOnce(bundle, login, env, nodePath = process.execPath) {
    return new Promise((resolve, reject) => {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(nodePath, [bundle, "-", "mint"], { env, stdio: ["pipe", "pipe", "pipe"] });
        const out = [];
        const err = [];
        child.stdout.on("data", (chunk) => out.push(chunk));
        child.stderr.on("data", (chunk) => err.push(chunk));
        child.on("error", (error) => reject(new _errors__WEBPACK_IMPORTED_MODULE_6__/* .HelperError */ .p(`the credential helper could not be run: ${error.message}`)));
        child.on("close", (code) => {
            const stdout = Buffer.concat(out).toString("utf8");
            if (code !== 0) {
                reject(new _errors__WEBPACK_IMPORTED_MODULE_6__/* .HelperError */ .p(Buffer.concat(err).toString("utf8").trim() || `exited with code ${code}`));
                return;
            }
            try {
                const answer = JSON.parse(stdout);
                resolve({ username: answer.Username, password: answer.Secret, expiresAt: answer.expiresAt });
            }
            catch {
                reject(new _errors__WEBPACK_IMPORTED_MODULE_6__/* .HelperError */ .p("the credential helper answered with something other than JSON"));
            }
        });
        child.stdin.on("error", () => { });
        child.stdin.end(JSON.stringify(login));
    });
}


/***/ })

};
