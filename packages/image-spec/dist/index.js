import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 887:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _main__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(367);

await (0,_main__WEBPACK_IMPORTED_MODULE_0__/* .main */ .i)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 367:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  i: () => (/* binding */ main)
});

;// CONCATENATED MODULE: external "os"
const external_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");
;// CONCATENATED MODULE: ../../node_modules/.pnpm/@actions+core@3.0.1_patch_hash=c9ff9537500632800dcbc84985d9065c2d049c5d104c8bb6b05b9b7e328cfb7a/node_modules/@actions/core/lib/utils.js
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Sanitizes an input into a string so it can be passed into issueCommand safely
 * @param input input to sanitize into a string
 */
function utils_toCommandValue(input) {
    if (input === null || input === undefined) {
        return '';
    }
    else if (typeof input === 'string' || input instanceof String) {
        return input;
    }
    return JSON.stringify(input);
}
/**
 *
 * @param annotationProperties
 * @returns The command properties to send with the actual annotation command
 * See IssueCommandProperties: https://github.com/actions/runner/blob/main/src/Runner.Worker/ActionCommandManager.cs#L646
 */
function utils_toCommandProperties(annotationProperties) {
    if (!Object.keys(annotationProperties).length) {
        return {};
    }
    return {
        title: annotationProperties.title,
        file: annotationProperties.file,
        line: annotationProperties.startLine,
        endLine: annotationProperties.endLine,
        col: annotationProperties.startColumn,
        endColumn: annotationProperties.endColumn
    };
}
//# sourceMappingURL=utils.js.map
;// CONCATENATED MODULE: ../../node_modules/.pnpm/@actions+core@3.0.1_patch_hash=c9ff9537500632800dcbc84985d9065c2d049c5d104c8bb6b05b9b7e328cfb7a/node_modules/@actions/core/lib/command.js


/**
 * Issues a command to the GitHub Actions runner
 *
 * @param command - The command name to issue
 * @param properties - Additional properties for the command (key-value pairs)
 * @param message - The message to include with the command
 * @remarks
 * This function outputs a specially formatted string to stdout that the Actions
 * runner interprets as a command. These commands can control workflow behavior,
 * set outputs, create annotations, mask values, and more.
 *
 * Command Format:
 *   ::name key=value,key=value::message
 *
 * @example
 * ```typescript
 * // Issue a warning annotation
 * issueCommand('warning', {}, 'This is a warning message');
 * // Output: ::warning::This is a warning message
 *
 * // Set an environment variable
 * issueCommand('set-env', { name: 'MY_VAR' }, 'some value');
 * // Output: ::set-env name=MY_VAR::some value
 *
 * // Add a secret mask
 * issueCommand('add-mask', {}, 'secretValue123');
 * // Output: ::add-mask::secretValue123
 * ```
 *
 * @internal
 * This is an internal utility function that powers the public API functions
 * such as setSecret, warning, error, and exportVariable.
 */
function command_issueCommand(command, properties, message) {
    const cmd = new Command(command, properties, message);
    process.stdout.write(cmd.toString() + external_os_namespaceObject.EOL);
}
function command_issue(name, message = '') {
    command_issueCommand(name, {}, message);
}
const CMD_STRING = '::';
class Command {
    constructor(command, properties, message) {
        if (!command) {
            command = 'missing.command';
        }
        this.command = command;
        this.properties = properties;
        this.message = message;
    }
    toString() {
        let cmdStr = CMD_STRING + this.command;
        if (this.properties && Object.keys(this.properties).length > 0) {
            cmdStr += ' ';
            let first = true;
            for (const key in this.properties) {
                if (this.properties.hasOwnProperty(key)) {
                    const val = this.properties[key];
                    if (val) {
                        if (first) {
                            first = false;
                        }
                        else {
                            cmdStr += ',';
                        }
                        cmdStr += `${key}=${escapeProperty(val)}`;
                    }
                }
            }
        }
        cmdStr += `${CMD_STRING}${escapeData(this.message)}`;
        return cmdStr;
    }
}
function escapeData(s) {
    return utils_toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A');
}
function escapeProperty(s) {
    return utils_toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A')
        .replace(/:/g, '%3A')
        .replace(/,/g, '%2C');
}
//# sourceMappingURL=command.js.map
;// CONCATENATED MODULE: external "crypto"
const external_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");
;// CONCATENATED MODULE: external "fs"
const external_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");
;// CONCATENATED MODULE: ../../node_modules/.pnpm/@actions+core@3.0.1_patch_hash=c9ff9537500632800dcbc84985d9065c2d049c5d104c8bb6b05b9b7e328cfb7a/node_modules/@actions/core/lib/file-command.js
// For internal use, subject to change.
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */




function file_command_issueFileCommand(command, message) {
    const filePath = process.env[`GITHUB_${command}`];
    if (!filePath) {
        throw new Error(`Unable to find environment variable for file command ${command}`);
    }
    if (!external_fs_namespaceObject.existsSync(filePath)) {
        throw new Error(`Missing file at path: ${filePath}`);
    }
    external_fs_namespaceObject.appendFileSync(filePath, `${utils_toCommandValue(message)}${external_os_namespaceObject.EOL}`, {
        encoding: 'utf8'
    });
}
function file_command_prepareKeyValueMessage(key, value) {
    const delimiter = `ghadelimiter_${external_crypto_namespaceObject.randomUUID()}`;
    const convertedValue = utils_toCommandValue(value);
    // These should realistically never happen, but just in case someone finds a
    // way to exploit uuid generation let's not allow keys or values that contain
    // the delimiter.
    if (key.includes(delimiter)) {
        throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
    }
    if (convertedValue.includes(delimiter)) {
        throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
    }
    return `${key}<<${delimiter}${external_os_namespaceObject.EOL}${convertedValue}${external_os_namespaceObject.EOL}${delimiter}`;
}
//# sourceMappingURL=file-command.js.map
;// CONCATENATED MODULE: external "path"
const external_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");
;// CONCATENATED MODULE: ../../node_modules/.pnpm/@actions+core@3.0.1_patch_hash=c9ff9537500632800dcbc84985d9065c2d049c5d104c8bb6b05b9b7e328cfb7a/node_modules/@actions/core/lib/summary.js
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const { access, appendFile, writeFile } = external_fs_namespaceObject.promises;
const SUMMARY_ENV_VAR = 'GITHUB_STEP_SUMMARY';
const SUMMARY_DOCS_URL = 'https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-job-summary';
class Summary {
    constructor() {
        this._buffer = '';
    }
    /**
     * Finds the summary file path from the environment, rejects if env var is not found or file does not exist
     * Also checks r/w permissions.
     *
     * @returns step summary file path
     */
    filePath() {
        return __awaiter(this, void 0, void 0, function* () {
            if (this._filePath) {
                return this._filePath;
            }
            const pathFromEnv = process.env[SUMMARY_ENV_VAR];
            if (!pathFromEnv) {
                throw new Error(`Unable to find environment variable for $${SUMMARY_ENV_VAR}. Check if your runtime environment supports job summaries.`);
            }
            try {
                yield access(pathFromEnv, external_fs_namespaceObject.constants.R_OK | external_fs_namespaceObject.constants.W_OK);
            }
            catch (_a) {
                throw new Error(`Unable to access summary file: '${pathFromEnv}'. Check if the file has correct read/write permissions.`);
            }
            this._filePath = pathFromEnv;
            return this._filePath;
        });
    }
    /**
     * Wraps content in an HTML tag, adding any HTML attributes
     *
     * @param {string} tag HTML tag to wrap
     * @param {string | null} content content within the tag
     * @param {[attribute: string]: string} attrs key-value list of HTML attributes to add
     *
     * @returns {string} content wrapped in HTML element
     */
    wrap(tag, content, attrs = {}) {
        const htmlAttrs = Object.entries(attrs)
            .map(([key, value]) => ` ${key}="${value}"`)
            .join('');
        if (!content) {
            return `<${tag}${htmlAttrs}>`;
        }
        return `<${tag}${htmlAttrs}>${content}</${tag}>`;
    }
    /**
     * Writes text in the buffer to the summary buffer file and empties buffer. Will append by default.
     *
     * @param {SummaryWriteOptions} [options] (optional) options for write operation
     *
     * @returns {Promise<Summary>} summary instance
     */
    write(options) {
        return __awaiter(this, void 0, void 0, function* () {
            const overwrite = !!(options === null || options === void 0 ? void 0 : options.overwrite);
            const filePath = yield this.filePath();
            const writeFunc = overwrite ? writeFile : appendFile;
            yield writeFunc(filePath, this._buffer, { encoding: 'utf8' });
            return this.emptyBuffer();
        });
    }
    /**
     * Clears the summary buffer and wipes the summary file
     *
     * @returns {Summary} summary instance
     */
    clear() {
        return __awaiter(this, void 0, void 0, function* () {
            return this.emptyBuffer().write({ overwrite: true });
        });
    }
    /**
     * Returns the current summary buffer as a string
     *
     * @returns {string} string of summary buffer
     */
    stringify() {
        return this._buffer;
    }
    /**
     * If the summary buffer is empty
     *
     * @returns {boolen} true if the buffer is empty
     */
    isEmptyBuffer() {
        return this._buffer.length === 0;
    }
    /**
     * Resets the summary buffer without writing to summary file
     *
     * @returns {Summary} summary instance
     */
    emptyBuffer() {
        this._buffer = '';
        return this;
    }
    /**
     * Adds raw text to the summary buffer
     *
     * @param {string} text content to add
     * @param {boolean} [addEOL=false] (optional) append an EOL to the raw text (default: false)
     *
     * @returns {Summary} summary instance
     */
    addRaw(text, addEOL = false) {
        this._buffer += text;
        return addEOL ? this.addEOL() : this;
    }
    /**
     * Adds the operating system-specific end-of-line marker to the buffer
     *
     * @returns {Summary} summary instance
     */
    addEOL() {
        return this.addRaw(external_os_namespaceObject.EOL);
    }
    /**
     * Adds an HTML codeblock to the summary buffer
     *
     * @param {string} code content to render within fenced code block
     * @param {string} lang (optional) language to syntax highlight code
     *
     * @returns {Summary} summary instance
     */
    addCodeBlock(code, lang) {
        const attrs = Object.assign({}, (lang && { lang }));
        const element = this.wrap('pre', this.wrap('code', code), attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML list to the summary buffer
     *
     * @param {string[]} items list of items to render
     * @param {boolean} [ordered=false] (optional) if the rendered list should be ordered or not (default: false)
     *
     * @returns {Summary} summary instance
     */
    addList(items, ordered = false) {
        const tag = ordered ? 'ol' : 'ul';
        const listItems = items.map(item => this.wrap('li', item)).join('');
        const element = this.wrap(tag, listItems);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML table to the summary buffer
     *
     * @param {SummaryTableCell[]} rows table rows
     *
     * @returns {Summary} summary instance
     */
    addTable(rows) {
        const tableBody = rows
            .map(row => {
            const cells = row
                .map(cell => {
                if (typeof cell === 'string') {
                    return this.wrap('td', cell);
                }
                const { header, data, colspan, rowspan } = cell;
                const tag = header ? 'th' : 'td';
                const attrs = Object.assign(Object.assign({}, (colspan && { colspan })), (rowspan && { rowspan }));
                return this.wrap(tag, data, attrs);
            })
                .join('');
            return this.wrap('tr', cells);
        })
            .join('');
        const element = this.wrap('table', tableBody);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds a collapsable HTML details element to the summary buffer
     *
     * @param {string} label text for the closed state
     * @param {string} content collapsable content
     *
     * @returns {Summary} summary instance
     */
    addDetails(label, content) {
        const element = this.wrap('details', this.wrap('summary', label) + content);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML image tag to the summary buffer
     *
     * @param {string} src path to the image you to embed
     * @param {string} alt text description of the image
     * @param {SummaryImageOptions} options (optional) addition image attributes
     *
     * @returns {Summary} summary instance
     */
    addImage(src, alt, options) {
        const { width, height } = options || {};
        const attrs = Object.assign(Object.assign({}, (width && { width })), (height && { height }));
        const element = this.wrap('img', null, Object.assign({ src, alt }, attrs));
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML section heading element
     *
     * @param {string} text heading text
     * @param {number | string} [level=1] (optional) the heading level, default: 1
     *
     * @returns {Summary} summary instance
     */
    addHeading(text, level) {
        const tag = `h${level}`;
        const allowedTag = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].includes(tag)
            ? tag
            : 'h1';
        const element = this.wrap(allowedTag, text);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML thematic break (<hr>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addSeparator() {
        const element = this.wrap('hr', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML line break (<br>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addBreak() {
        const element = this.wrap('br', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML blockquote to the summary buffer
     *
     * @param {string} text quote text
     * @param {string} cite (optional) citation url
     *
     * @returns {Summary} summary instance
     */
    addQuote(text, cite) {
        const attrs = Object.assign({}, (cite && { cite }));
        const element = this.wrap('blockquote', text, attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML anchor tag to the summary buffer
     *
     * @param {string} text link text/content
     * @param {string} href hyperlink
     *
     * @returns {Summary} summary instance
     */
    addLink(text, href) {
        const element = this.wrap('a', text, { href });
        return this.addRaw(element).addEOL();
    }
}
const _summary = new Summary();
/**
 * @deprecated use `core.summary`
 */
const markdownSummary = (/* unused pure expression or super */ null && (_summary));
const summary = _summary;
//# sourceMappingURL=summary.js.map
;// CONCATENATED MODULE: ../../node_modules/.pnpm/@actions+core@3.0.1_patch_hash=c9ff9537500632800dcbc84985d9065c2d049c5d104c8bb6b05b9b7e328cfb7a/node_modules/@actions/core/lib/path-utils.js

/**
 * toPosixPath converts the given path to the posix form. On Windows, \\ will be
 * replaced with /.
 *
 * @param pth. Path to transform.
 * @return string Posix path.
 */
function toPosixPath(pth) {
    return pth.replace(/[\\]/g, '/');
}
/**
 * toWin32Path converts the given path to the win32 form. On Linux, / will be
 * replaced with \\.
 *
 * @param pth. Path to transform.
 * @return string Win32 path.
 */
function toWin32Path(pth) {
    return pth.replace(/[/]/g, '\\');
}
/**
 * toPlatformPath converts the given path to a platform-specific path. It does
 * this by replacing instances of / and \ with the platform-specific path
 * separator.
 *
 * @param pth The path to platformize.
 * @return string The platform-specific path.
 */
function toPlatformPath(pth) {
    return pth.replace(/[/\\]/g, path.sep);
}
//# sourceMappingURL=path-utils.js.map
;// CONCATENATED MODULE: ../../node_modules/.pnpm/@actions+core@3.0.1_patch_hash=c9ff9537500632800dcbc84985d9065c2d049c5d104c8bb6b05b9b7e328cfb7a/node_modules/@actions/core/lib/core.js
var core_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};





// No getIDToken: it pulls in @actions/http-client and undici (~60 ms of start-up, ~1 MB in every
// bundle, even as a chunk loaded on use). The actions here ask for OIDC tokens with
// @mbp/image-spec's own client (keyless/oidc.ts).
/**
 * The code to exit an action
 */
var ExitCode;
(function (ExitCode) {
    /**
     * A code indicating that the action was successful
     */
    ExitCode[ExitCode["Success"] = 0] = "Success";
    /**
     * A code indicating that the action was a failure
     */
    ExitCode[ExitCode["Failure"] = 1] = "Failure";
})(ExitCode || (ExitCode = {}));
//-----------------------------------------------------------------------
// Variables
//-----------------------------------------------------------------------
/**
 * Sets env variable for this action and future actions in the job
 * @param name the name of the variable to set
 * @param val the value of the variable. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function exportVariable(name, val) {
    const convertedVal = toCommandValue(val);
    process.env[name] = convertedVal;
    const filePath = process.env['GITHUB_ENV'] || '';
    if (filePath) {
        return issueFileCommand('ENV', prepareKeyValueMessage(name, val));
    }
    issueCommand('set-env', { name }, convertedVal);
}
/**
 * Registers a secret which will get masked from logs
 *
 * @param secret - Value of the secret to be masked
 * @remarks
 * This function instructs the Actions runner to mask the specified value in any
 * logs produced during the workflow run. Once registered, the secret value will
 * be replaced with asterisks (***) whenever it appears in console output, logs,
 * or error messages.
 *
 * This is useful for protecting sensitive information such as:
 * - API keys
 * - Access tokens
 * - Authentication credentials
 * - URL parameters containing signatures (SAS tokens)
 *
 * Note that masking only affects future logs; any previous appearances of the
 * secret in logs before calling this function will remain unmasked.
 *
 * @example
 * ```typescript
 * // Register an API token as a secret
 * const apiToken = "abc123xyz456";
 * setSecret(apiToken);
 *
 * // Now any logs containing this value will show *** instead
 * console.log(`Using token: ${apiToken}`); // Outputs: "Using token: ***"
 * ```
 */
function setSecret(secret) {
    issueCommand('add-mask', {}, secret);
}
/**
 * Prepends inputPath to the PATH (for this action and future actions)
 * @param inputPath
 */
function addPath(inputPath) {
    const filePath = process.env['GITHUB_PATH'] || '';
    if (filePath) {
        issueFileCommand('PATH', inputPath);
    }
    else {
        issueCommand('add-path', {}, inputPath);
    }
    process.env['PATH'] = `${inputPath}${path.delimiter}${process.env['PATH']}`;
}
/**
 * Gets the value of an input.
 * Unless trimWhitespace is set to false in InputOptions, the value is also trimmed.
 * Returns an empty string if the value is not defined.
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   string
 */
function getInput(name, options) {
    const val = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
    if (options && options.required && !val) {
        throw new Error(`Input required and not supplied: ${name}`);
    }
    if (options && options.trimWhitespace === false) {
        return val;
    }
    return val.trim();
}
/**
 * Gets the values of an multiline input.  Each value is also trimmed.
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   string[]
 *
 */
function getMultilineInput(name, options) {
    const inputs = getInput(name, options)
        .split('\n')
        .filter(x => x !== '');
    if (options && options.trimWhitespace === false) {
        return inputs;
    }
    return inputs.map(input => input.trim());
}
/**
 * Gets the input value of the boolean type in the YAML 1.2 "core schema" specification.
 * Support boolean input list: `true | True | TRUE | false | False | FALSE` .
 * The return value is also in boolean type.
 * ref: https://yaml.org/spec/1.2/spec.html#id2804923
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   boolean
 */
function getBooleanInput(name, options) {
    const trueValue = ['true', 'True', 'TRUE'];
    const falseValue = ['false', 'False', 'FALSE'];
    const val = getInput(name, options);
    if (trueValue.includes(val))
        return true;
    if (falseValue.includes(val))
        return false;
    throw new TypeError(`Input does not meet YAML 1.2 "Core Schema" specification: ${name}\n` +
        `Support boolean input list: \`true | True | TRUE | false | False | FALSE\``);
}
/**
 * Sets the value of an output.
 *
 * @param     name     name of the output to set
 * @param     value    value to store. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function setOutput(name, value) {
    const filePath = process.env['GITHUB_OUTPUT'] || '';
    if (filePath) {
        return file_command_issueFileCommand('OUTPUT', file_command_prepareKeyValueMessage(name, value));
    }
    process.stdout.write(external_os_namespaceObject.EOL);
    command_issueCommand('set-output', { name }, utils_toCommandValue(value));
}
/**
 * Enables or disables the echoing of commands into stdout for the rest of the step.
 * Echoing is disabled by default if ACTIONS_STEP_DEBUG is not set.
 *
 */
function setCommandEcho(enabled) {
    issue('echo', enabled ? 'on' : 'off');
}
//-----------------------------------------------------------------------
// Results
//-----------------------------------------------------------------------
/**
 * Sets the action status to failed.
 * When the action exits it will be with an exit code of 1
 * @param message add error issue message
 */
function setFailed(message) {
    process.exitCode = ExitCode.Failure;
    core_error(message);
}
//-----------------------------------------------------------------------
// Logging Commands
//-----------------------------------------------------------------------
/**
 * Gets whether Actions Step Debug is on or not
 */
function isDebug() {
    return process.env['RUNNER_DEBUG'] === '1';
}
/**
 * Writes debug message to user log
 * @param message debug message
 */
function debug(message) {
    command_issueCommand('debug', {}, message);
}
/**
 * Adds an error issue
 * @param message error issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function core_error(message, properties = {}) {
    command_issueCommand('error', utils_toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Adds a warning issue
 * @param message warning issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function core_warning(message, properties = {}) {
    command_issueCommand('warning', utils_toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Adds a notice issue
 * @param message notice issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function notice(message, properties = {}) {
    issueCommand('notice', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Writes info to log with console.log.
 * @param message info message
 */
function info(message) {
    process.stdout.write(message + external_os_namespaceObject.EOL);
}
/**
 * Begin an output group.
 *
 * Output until the next `groupEnd` will be foldable in this group
 *
 * @param name The name of the output group
 */
function startGroup(name) {
    command_issue('group', name);
}
/**
 * End an output group.
 */
function endGroup() {
    command_issue('endgroup');
}
/**
 * Wrap an asynchronous function call in a group.
 *
 * Returns the same type as the function itself.
 *
 * @param name The name of the group
 * @param fn The function to wrap in the group
 */
function group(name, fn) {
    return core_awaiter(this, void 0, void 0, function* () {
        startGroup(name);
        let result;
        try {
            result = yield fn();
        }
        finally {
            endGroup();
        }
        return result;
    });
}
//-----------------------------------------------------------------------
// Wrapper action state
//-----------------------------------------------------------------------
/**
 * Saves state for current action, the state can only be retrieved by this action's post job execution.
 *
 * @param     name     name of the state to store
 * @param     value    value to store. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function saveState(name, value) {
    const filePath = process.env['GITHUB_STATE'] || '';
    if (filePath) {
        return issueFileCommand('STATE', prepareKeyValueMessage(name, value));
    }
    issueCommand('save-state', { name }, toCommandValue(value));
}
/**
 * Gets the value of an state set by this action's main execution.
 *
 * @param     name     name of the state to get
 * @returns   string
 */
function getState(name) {
    return process.env[`STATE_${name}`] || '';
}
/**
 * Summary exports
 */

/**
 * @deprecated use core.summary
 */

/**
 * Path exports
 */

/**
 * Platform utilities exports
 */
// Not exported: platform.js imports @actions/exec (child_process, @actions/io, assert) at start-up,
// and no action here uses core.platform.
//# sourceMappingURL=core.js.map
;// CONCATENATED MODULE: ./src/errors.ts
/**
 * One problem with one input: names the input, shows the value received and says how to fix it.
 * Rendered as `images: "app" has no registry host; write docker.io/org/app`.
 */
class errors_InputError extends Error {
    input;
    value;
    problem;
    fix;
    name = "InputError";
    constructor(input, value, problem, fix) {
        super(`${input}: ${JSON.stringify(value)} ${problem}; ${fix}`);
        this.input = input;
        this.value = value;
        this.problem = problem;
        this.fix = fix;
    }
}
/** Every input problem found at once, so a caller fixes them all in one go. */
class InputErrors extends Error {
    errors;
    name = "InputErrors";
    constructor(errors) {
        super(errors.length === 1
            ? (errors[0]?.message ?? "invalid input")
            : `${errors.length} input problems:\n${errors.map((e) => `  - ${e.message}`).join("\n")}`);
        this.errors = errors;
    }
}
/** An external command that exited non-zero; `stderr` is trimmed. */
class CommandError extends Error {
    command;
    exitCode;
    stderr;
    name = "CommandError";
    constructor(command, exitCode, stderr) {
        super(`${command} exited with code ${exitCode}${stderr ? `: ${stderr}` : ""}`);
        this.command = command;
        this.exitCode = exitCode;
        this.stderr = stderr;
    }
}
/**
 * Collects input problems while validating several inputs, then throws them together.
 * `attempt` runs a parser and records its InputError(s) instead of stopping at the first.
 */
class Problems {
    found = [];
    add(error) {
        this.found.push(error);
    }
    /**
     * Runs a parser, recording its InputError(s) instead of stopping. `rename` rewrites each one first
     * (the CLI names its flags where the library names action inputs).
     */
    attempt(parse, rename = (error) => error) {
        try {
            return parse();
        }
        catch (error) {
            if (error instanceof errors_InputError)
                this.found.push(rename(error));
            else if (error instanceof InputErrors)
                this.found.push(...error.errors.map(rename));
            else
                throw error;
            return undefined;
        }
    }
    get count() {
        return this.found.length;
    }
    messages() {
        return this.found.map((error) => error.message);
    }
    throwIfAny() {
        if (this.found.length > 0)
            throw new InputErrors(this.found);
    }
}
/** Normalises anything thrown into an Error without losing a non-Error value. */
function asError(thrown) {
    if (thrown instanceof Error)
        return thrown;
    return new Error(typeof thrown === "string" ? thrown : `non-Error thrown: ${JSON.stringify(thrown)}`);
}

;// CONCATENATED MODULE: ./src/run-summary.ts
/** `1.5 GB`, `300 MB`: decimal units, as registries and `df -H` show sizes. */
function formatBytes(bytes) {
    const units = ["B", "kB", "MB", "GB", "TB"];
    let value = bytes;
    let unit = 0;
    while (value >= 1000 && unit < units.length - 1) {
        value /= 1000;
        unit++;
    }
    return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}
/** `0.4 s`, `42 s`, `3 min 7 s`, `1 h 2 min`. */
function formatSpan(ms) {
    const seconds = ms / 1000;
    if (seconds < 10)
        return `${seconds.toFixed(1)} s`;
    if (seconds < 60)
        return `${Math.round(seconds)} s`;
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60)
        return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
    return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
/** Escapes text for a Markdown table cell. */
function tableCell(text) {
    return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}
const code = (text) => `\`${tableCell(text)}\``;
/** The whole summary as Markdown: heading, table, notes, pull command, gantt chart. */
function renderRunSummary(summary) {
    const withState = summary.images.some((image) => image.platforms.some((p) => p.state));
    const header = [
        "Image",
        "Tags",
        "Index digest",
        "Platform",
        "Digest",
        "Size",
        ...(withState ? ["State"] : []),
    ];
    const rows = [];
    for (const image of summary.images) {
        const platforms = image.platforms.length > 0 ? image.platforms : [{ platform: "" }];
        platforms.forEach((platform, i) => {
            rows.push([
                i === 0 ? code(image.image) : "",
                i === 0 ? (image.tags.length > 0 ? image.tags.map(code).join(" ") : "none") : "",
                i === 0 ? (image.index ? code(image.index) : "") : "",
                platform.platform ? code(platform.platform) : "",
                platform.digest ? code(platform.digest) : "",
                platform.size === undefined ? "" : formatBytes(platform.size),
                ...(withState ? [tableCell(platform.state ?? "")] : []),
            ]);
        });
    }
    const parts = [
        `### ${summary.heading}`,
        [
            `| ${header.join(" | ")} |`,
            `| ${header.map(() => "---").join(" | ")} |`,
            ...rows.map((row) => `| ${row.join(" | ")} |`),
        ].join("\n"),
    ];
    if (summary.notes && summary.notes.length > 0)
        parts.push(summary.notes.join("<br>\n"));
    if (summary.pull)
        parts.push(["```sh", summary.pull, "```"].join("\n"));
    const chart = summary.timeline ? renderGantt(summary.timeline) : "";
    if (chart)
        parts.push(["```mermaid", chart, "```"].join("\n"));
    return `${parts.join("\n\n")}\n`;
}
/**
 * A Mermaid gantt chart of the run (dateFormat x: epoch milliseconds): one section per entry (the
 * plan, each platform, the stitch), a task per step, `done` when it succeeded and `crit` when it
 * failed, each labelled with its duration. A step too short to see at the run's scale is widened to
 * 1% of the run, its label keeping its real duration. Empty when there is nothing to draw.
 */
function renderGantt(entries, title = "Run timeline") {
    const steps = entries.flatMap((entry) => entry.steps);
    if (steps.length === 0)
        return "";
    const first = Math.min(...steps.map((s) => s.start));
    const last = Math.max(...steps.map((s) => s.end));
    const span = Math.max(last - first, 1000);
    const minimum = Math.max(Math.round(span / 100), 1);
    const lines = [
        "gantt",
        `    title ${label(title)}`,
        "    dateFormat x",
        `    axisFormat ${span < 10 * 60_000 ? "%H:%M:%S" : "%H:%M"}`,
    ];
    let id = 0;
    for (const entry of entries) {
        lines.push(`    section ${label(entry.platform ?? entry.name ?? "")}`);
        for (const step of entry.steps) {
            const status = taskStatus(step.outcome);
            const end = Math.max(step.end, step.start + minimum);
            const name = `${step.name}${step.outcome === "failure" ? " FAILED" : ""} ${formatSpan(step.end - step.start)}`;
            lines.push(`    ${label(name)} :${status}, t${id++}, ${step.start}, ${end}`);
        }
    }
    return lines.join("\n");
}
function taskStatus(outcome) {
    return outcome === "failure" ? "crit" : "done";
}
// Mermaid reads `:` as the start of a task's data and `#`/`;` as comments or entity codes.
function label(text) {
    return text.replace(/[:#;]/g, " ").replace(/\s+/g, " ").trim() || "-";
}

;// CONCATENATED MODULE: ./src/actions.ts
/**
 * Runner I/O shared by every action's main.ts: reading inputs, publishing outputs, reporting
 * failures. Only main.ts files import this module; library code takes values, never input names.
 */



/** The Reporter of every action: @actions/core logging and groups. */
const actionsReporter = {
    info: (message) => info(message),
    warning: (message) => core_warning(message),
    debug: (message) => debug(message),
    group: (name, body) => group(name, body),
};
/** An input's value, trimmed; empty string means "not given". */
function getString(name) {
    return getInput(name).trim();
}
/** A multi-line input as given (lists, KEY=VALUE lines, YAML); empty string means "not given". */
function getText(name) {
    return getInput(name, { trimWhitespace: false });
}
/**
 * A strict boolean (`true`/`True`/`TRUE`/`false`/`False`/`FALSE`). A bad value is recorded in
 * `problems` and `fallback` returned, so every input problem is reported at once.
 */
function getBoolean(name, problems, fallback = false) {
    const value = core.getInput(name).trim();
    if (value === "")
        return fallback;
    if (["true", "True", "TRUE"].includes(value))
        return true;
    if (["false", "False", "FALSE"].includes(value))
        return false;
    problems.add(new InputError(name, value, "is not a boolean", "write true or false"));
    return fallback;
}
const masked = new Set();
/**
 * Masks a secret and the derived forms that commonly reach logs (each line of a multi-line value,
 * base64 of the whole). Each distinct value is announced to the runner once.
 */
function maskSecret(value) {
    if (!value)
        return;
    // Lines of three characters or fewer would mask common words all over the log.
    const lines = value
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line.length > 3);
    for (const form of [value, ...lines, Buffer.from(value).toString("base64")]) {
        if (masked.has(form))
            continue;
        masked.add(form);
        core.setSecret(form);
    }
}
/** Publishes outputs; structured values as compact JSON. */
function setOutputs(outputs) {
    for (const [name, value] of Object.entries(outputs)) {
        if (value === undefined)
            continue;
        setOutput(name, typeof value === "object" ? JSON.stringify(value) : String(value));
    }
}
/** Logs plan/validation warnings as `::warning`. */
function warnAll(warnings) {
    for (const warning of warnings)
        core_warning(warning);
}
/**
 * The one top-level failure report of an action: each input problem as its own `::error` titled with
 * the input's name, anything else as one `::error`; then the step fails.
 */
function reportFailure(thrown) {
    const error = asError(thrown);
    if (error instanceof InputErrors || error instanceof errors_InputError) {
        const problems = error instanceof InputErrors ? error.errors : [error];
        for (const problem of problems)
            core_error(problem.message, { title: `Invalid input: ${problem.input}` });
        setFailed(problems.length === 1
            ? "1 input problem; nothing was built or pushed"
            : `${problems.length} input problems; nothing was built or pushed`);
        return;
    }
    debug(error.stack ?? error.message);
    setFailed(error.message);
}
/** Escapes text for a Markdown table cell of the job summary. */
const cell = tableCell;
/** Writes a Markdown table to the job summary (a no-op when GITHUB_STEP_SUMMARY is not set). */
async function writeSummary(title, header, rows, notes = "") {
    if (!process.env.GITHUB_STEP_SUMMARY)
        return;
    const table = [
        `| ${header.map(cell).join(" | ")} |`,
        `| ${header.map(() => "---").join(" | ")} |`,
        ...rows.map((row) => `| ${row.join(" | ")} |`),
    ].join("\n");
    await summary.addHeading(title, 3).addRaw(`\n${table}\n\n${notes}`, true).write();
}

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: ./src/github.ts

/** Reads the GitHub context from the environment (the runner's variables). */
function readGitHubContext(env = process.env) {
    const get = (name) => (env[name] ?? "").trim();
    const repositoryPrivate = eventRepositoryPrivate(get("GITHUB_EVENT_PATH"));
    return {
        eventName: get("GITHUB_EVENT_NAME"),
        ref: get("GITHUB_REF"),
        headRef: get("GITHUB_HEAD_REF"),
        repository: get("GITHUB_REPOSITORY"),
        repositoryOwner: get("GITHUB_REPOSITORY_OWNER") || get("GITHUB_REPOSITORY").split("/")[0] || "",
        actor: get("GITHUB_ACTOR"),
        sha: get("GITHUB_SHA"),
        serverUrl: get("GITHUB_SERVER_URL") || "https://github.com",
        runnerEnvironment: get("RUNNER_ENVIRONMENT"),
        ...(get("GITHUB_RUN_ID")
            ? { runId: get("GITHUB_RUN_ID"), runAttempt: get("GITHUB_RUN_ATTEMPT") || "1" }
            : {}),
        ...(repositoryPrivate === undefined ? {} : { repositoryPrivate }),
    };
}
// `repository.private` of the event that started the run (the file GITHUB_EVENT_PATH names), as
// @actions/github's context.payload reads it; undefined when there is no such file or field.
function eventRepositoryPrivate(path) {
    if (!path)
        return undefined;
    try {
        const payload = JSON.parse((0,external_node_fs_namespaceObject.readFileSync)(path, "utf8"));
        const flag = payload.repository?.private;
        return typeof flag === "boolean" ? flag : undefined;
    }
    catch {
        return undefined;
    }
}
/** The workflow run's URL with its attempt (buildx's provenance `builder-id`); empty off GitHub Actions. */
function github_workflowRunUrl(context) {
    if (!context.runId || !context.repository)
        return "";
    return `${context.serverUrl}/${context.repository}/actions/runs/${context.runId}/attempts/${context.runAttempt || "1"}`;
}
/**
 * OCI annotations/labels that tie an image to its source: `org.opencontainers.image.source` and
 * `.revision`, plus `.version` when a tag is given. Nothing time-dependent, so re-runs give the same
 * bytes. Empty when the context does not know the repository.
 */
function github_sourceAnnotations(context, version) {
    const result = {};
    if (context.repository) {
        result["org.opencontainers.image.source"] = `${context.serverUrl}/${context.repository}`;
    }
    if (context.sha)
        result["org.opencontainers.image.revision"] = context.sha;
    if (version)
        result["org.opencontainers.image.version"] = version;
    return result;
}

;// CONCATENATED MODULE: ./src/list.ts

/** Splits a comma- or newline-separated list: trims each entry, drops empties. */
function parseList(value) {
    return value
        .split(/[,\n]/)
        .map((entry) => entry.trim())
        .filter((entry) => entry.length > 0);
}
/** Splits a newline-separated list (entries may contain commas, e.g. build args). */
function parseLines(value) {
    return value
        .split(/\r?\n/)
        .map((entry) => entry.trim())
        .filter((entry) => entry.length > 0 && !entry.startsWith("#"));
}
/**
 * One `KEY=VALUE` line, split at the first `=` (the key trimmed, the value kept), or undefined when
 * it has no `=` or an empty key. One pair of surrounding double quotes is dropped first, `""` inside
 * standing for `"`: docker's build-push-action reads these lists as CSV, and its documented form
 * quotes each line (`"github_token=…"`), which callers of the workflow we replace rely on.
 */
function list_splitKeyValue(line) {
    const text = unquote(line);
    const at = text.indexOf("=");
    return at <= 0 ? undefined : [text.slice(0, at).trim(), text.slice(at + 1)];
}
function unquote(line) {
    const quoted = /^"(.*)"$/.exec(line);
    return quoted ? (quoted[1] ?? "").replaceAll('""', '"') : line;
}
/**
 * Parses newline-separated `KEY=VALUE` lines (build args, labels, annotations). The value keeps
 * everything after the first `=`; a line without `=` or with an empty key is an error naming `input`.
 * (Build secrets, whose lines are never shown, have parseSecretLines.)
 */
function parseKeyValues(value, input) {
    return parseLines(value).map((line) => {
        const pair = list_splitKeyValue(line);
        if (!pair)
            throw new errors_InputError(input, unquote(line), "is not KEY=VALUE", "write one KEY=VALUE per line");
        return pair;
    });
}

;// CONCATENATED MODULE: ./src/build-request.ts
/**
 * The one rule, shared by arch-build and the CLI, for turning build settings into what an engine gets:
 * the cache (scope and `{arch}`), image labels, build secrets and provenance. Callers read their own
 * inputs or flags; everything after that is decided here, so the action and a local run build alike.
 */



/** The placeholder of cache entries, replaced by the platform's tag suffix. */
const ARCH_PLACEHOLDER = "{arch}";
/**
 * Cache entries, one per line, checked: any `{...}` other than `{arch}` is a problem, since a
 * misspelt placeholder would share one cache between architectures. `{arch}` stays until
 * settingsForPlatform (or expandArch) replaces it.
 */
function parseCacheEntries(input, text, problems) {
    return parseLines(text).map((entry) => {
        const unknown = [...entry.matchAll(/\{[^}]*\}/g)].map((m) => m[0]).filter((p) => p !== ARCH_PLACEHOLDER);
        if (unknown.length > 0) {
            problems.add(new errors_InputError(input, entry, `has the placeholder ${unknown.join(", ")}, which is not known`, `write ${ARCH_PLACEHOLDER} (the platform's tag suffix: amd64, arm64, arm-v7), or no placeholder`));
        }
        return entry;
    });
}
/** Cache entries for one platform: `{arch}` becomes its tag suffix (`amd64`, `arm64`, `arm-v7`). */
function expandArch(entries, suffix) {
    return suffix ? entries.map((entry) => entry.replaceAll(ARCH_PLACEHOLDER, suffix)) : [...entries];
}
/** parseCacheEntries, then expandArch: one platform's entries, with the problems of all. */
function expandCacheEntries(input, text, suffix, problems) {
    return expandArch(parseCacheEntries(input, text, problems), suffix);
}
/** The cache scope of one platform's build: one per image and architecture. */
function cacheScope(plan, platform) {
    return `${plan.images[0]?.path ?? "image"}-${platform.suffix}`;
}
/**
 * The settings every platform shares, fitted to one: its cache scope, `{arch}` replaced, and the
 * cache on when it is on by default or an entry names one (`--no-cache` reads none of them).
 */
function settingsForPlatform(settings, plan, platform) {
    const { cache } = settings;
    return {
        secrets: settings.secrets,
        labels: settings.labels,
        cache: {
            enabled: Boolean(cache.byDefault) || cache.from.length > 0 || cache.to.length > 0,
            scope: cacheScope(plan, platform),
            from: cache.noCache ? [] : expandArch(cache.from, platform.suffix),
            to: expandArch(cache.to, platform.suffix),
            ...(cache.noCache === undefined ? {} : { noCache: cache.noCache }),
        },
        provenance: settings.provenance,
        ...(settings.defaultProvenance ? { defaultProvenance: true } : {}),
        sbom: settings.sbom,
        ...(settings.sourceDateEpoch ? { sourceDateEpoch: settings.sourceDateEpoch } : {}),
    };
}
/**
 * Image labels: the OCI source labels of the checkout (`source`, `revision`, `version` = the tag),
 * then the caller's, which win on a clash.
 */
function imageLabels(github, version, labels) {
    return [...new Map([...Object.entries(sourceAnnotations(github, version)), ...labels])];
}
/**
 * The provenance attestation to ask buildx for, as docker/build-push-action (v6, through
 * actions-toolkit's getProvenanceInput and its default) asks on GitHub Actions: with no value,
 * `mode=max` for a public repository and `mode=min,inline-only=true` (buildx's own default) for a
 * private one, by the event payload's `repository.private` (a payload that does not say counts as
 * public there too); `true` becomes the default mode; every value but `false` names the workflow
 * run as `builder-id`. Off GitHub Actions (no run) the value is kept as given, and empty stays empty:
 * buildx's own default, which records no build arguments.
 */
function resolveProvenance(given, github) {
    const value = given.trim();
    const run = workflowRunUrl(github);
    if (!run)
        return { provenance: value };
    if (["false", "False", "FALSE"].includes(value))
        return { provenance: "false" };
    if (["true", "True", "TRUE"].includes(value))
        return { provenance: `builder-id=${run}` };
    if (value === "") {
        const mode = github.repositoryPrivate === true ? "mode=min,inline-only=true" : "mode=max";
        return { provenance: `${mode},builder-id=${run}`, defaultProvenance: true };
    }
    const named = value.split(",").some((attribute) => attribute.split("=")[0]?.trim() === "builder-id");
    return { provenance: named ? value : `${value},builder-id=${run}` };
}
/** Environment variable that carries one secret's value to buildx (`--secret id=X,env=MBP_SECRET_X`). */
function secretEnvName(id) {
    return `MBP_SECRET_${id.replace(/[^A-Za-z0-9_]/g, "_").toUpperCase()}`;
}
const SECRET_ID_RE = /^[A-Za-z0-9_.-]+$/;
/**
 * Build secrets as the action's `secrets` input (and the workflow's IMAGE_SECRETS) takes them: one
 * `id=value` per line (blank lines and `#` comments skipped, as in every list), and for a value of
 * several lines a block as GITHUB_OUTPUT takes one: `id<<DELIMITER`, the value's lines, then a line
 * that is the delimiter alone. The delimiter must not occur in the value. A problem never shows a
 * line that may hold a value: only its number, or a block's `id<<DELIMITER` line.
 */
function parseSecretLines(text, input, problems) {
    const entries = [];
    const lines = text.split("\n").map((line) => line.replace(/\r$/, ""));
    for (let i = 0; i < lines.length; i++) {
        const line = (lines[i] ?? "").trim();
        if (line === "" || line.startsWith("#"))
            continue;
        const opens = /^([^=]*?)\s*<<\s*(\S+)$/.exec(line);
        // `id=a<<b` is a one-line value: an id has no `=`.
        if (opens) {
            const [opener, id = "", delimiter = ""] = opens;
            const start = i;
            const value = [];
            for (i++; i < lines.length && (lines[i] ?? "").trim() !== delimiter; i++)
                value.push(lines[i] ?? "");
            const inValue = value.findIndex((valueLine) => valueLine.includes(delimiter));
            if (i >= lines.length) {
                problems.add(new InputError(input, opener, `(line ${start + 1}) is never closed: no line ${delimiter} follows`, `end the value with a line that is ${delimiter} alone`));
            }
            else if (inValue >= 0) {
                problems.add(new InputError(input, opener, `has its delimiter ${delimiter} inside the value (line ${start + 2 + inValue})`, "choose a delimiter that does not occur in the value, e.g. a random word"));
            }
            else {
                entries.push({ id, value: value.join("\n"), input });
            }
            continue;
        }
        const pair = splitKeyValue(line);
        if (!pair) {
            problems.add(new InputError(input, `<line ${i + 1}, hidden>`, "is not id=value", "write one id=value per line, and a value of several lines as id<<EOF, its lines, then EOF"));
            continue;
        }
        entries.push({ id: pair[0], value: pair[1], input });
    }
    return entries;
}
/**
 * The problem of a secret id that BuildKit would refuse, if any. The sentence follows what is shown:
 * the id itself "is not" one, a flag's whole entry "has" an invalid one.
 */
function secretIdProblem(entry) {
    if (SECRET_ID_RE.test(entry.id))
        return undefined;
    const shown = entry.shown ?? entry.id;
    return new InputError(entry.input, shown, shown === entry.id ? "is not a valid secret id" : "has an invalid secret id", "use letters, digits, '_', '.' and '-' in the id");
}
/**
 * The checks every build secret passes, wherever it was read: a valid id, given once, whose buildx
 * variable does not clash with another's. An empty value is a warning (a secret not available here).
 * Values are never part of a message.
 */
function checkSecrets(entries, problems, warnings) {
    const secrets = [];
    const envNames = new Map();
    for (const entry of entries) {
        const { id, value, input, shown = id } = entry;
        const invalid = secretIdProblem(entry);
        if (invalid) {
            problems.add(invalid);
            continue;
        }
        if (secrets.some((s) => s.id === id)) {
            problems.add(new InputError(input, shown, "is given twice", "give each secret id once"));
            continue;
        }
        const envName = secretEnvName(id);
        const clash = envNames.get(envName);
        if (clash !== undefined) {
            problems.add(new InputError(input, shown, `clashes with "${clash}" (both become ${envName})`, "rename one of them"));
            continue;
        }
        envNames.set(envName, id);
        if (value === "")
            warnings.push(`${input}: "${id}" has an empty value (a secret not available here?)`);
        secrets.push({ id, value });
    }
    return secrets;
}
/** Warnings for settings only buildx reads, when the engine is buildah. */
function ignoredByBuildah(settings) {
    return settings
        .filter(([, value]) => value.trim() !== "")
        .map(([input]) => `${input}: ignored by the buildah engine (buildx only)`);
}

;// CONCATENATED MODULE: ./src/image.ts


const DOCKER_HUB_HOSTS = new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);
const DOMAIN_COMPONENT = "(?:[a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])";
const HOST_RE = new RegExp(`^${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]{1,5})?$`);
// An IPv6 literal in brackets, as docker accepts it: `[::1]:5000`, `[fd00::10]`.
const IPV6_HOST_RE = /^\[[0-9a-f:.]*:[0-9a-f:.]*\](?::[0-9]{1,5})?$/;
// The distribution reference grammar's path-component (separators: `.`, `_`, `__`, runs of `-`).
const PATH_COMPONENT_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const MAX_NAME_LENGTH = 255;
/** A private Amazon ECR registry: account, region, DNS suffix (`amazonaws.com`, `amazonaws.com.cn`). */
const image_ECR_HOST_RE = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.(amazonaws\.com(?:\.cn)?)$/;
/** The kind of a (canonical, lower-case) registry host. */
function image_registryKind(host) {
    const bare = host.replace(/:\d+$/, "");
    if (bare === "ghcr.io")
        return "ghcr";
    if (bare.endsWith("-docker.pkg.dev"))
        return "artifact-registry";
    if (bare === "gcr.io" || bare.endsWith(".gcr.io"))
        return "container-registry";
    if (DOCKER_HUB_HOSTS.has(bare))
        return "docker-hub";
    if (image_ECR_HOST_RE.test(bare))
        return "ecr";
    if (bare === "public.ecr.aws")
        return "ecr-public";
    return "generic";
}
/** Host to send distribution API requests to (`docker.io` is served by `registry-1.docker.io`). */
function registryApiHost(host) {
    return image_registryKind(host) === "docker-hub" ? "registry-1.docker.io" : host;
}
/** Key of a host in a Docker config's `auths` (Docker Hub keeps its historical URL). */
function dockerConfigKey(host) {
    return image_registryKind(host) === "docker-hub" ? "https://index.docker.io/v1/" : host;
}
/**
 * docker's insecure-registry rule, in one place for every action and the CLI: a loopback host, or one
 * listed in `insecure-registries` (as `parseInsecureRegistries` gives them, lower-case). Such a host is
 * spoken to over HTTPS without certificate verification first, then plain HTTP.
 */
function isInsecureRegistry(host, insecure) {
    const lower = host.toLowerCase();
    return image_isLoopbackHost(lower) || ("has" in insecure ? insecure.has(lower) : insecure.includes(lower));
}
/**
 * Loopback hosts are treated as insecure registries, as docker does: HTTPS without certificate
 * verification first, then plain HTTP.
 */
function image_isLoopbackHost(host) {
    const bare = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.replace(/:\d+$/, "");
    return bare === "localhost" || bare === "[::1]" || /^127(?:\.\d{1,3}){3}$/.test(bare);
}
/** True for a registry host as docker accepts it: DNS name or IP, IPv6 in brackets, optional :port. */
function isRegistryHost(host) {
    const lower = host.toLowerCase();
    return HOST_RE.test(lower) || IPV6_HOST_RE.test(lower);
}
/**
 * Parses an `insecure-registries` list (comma/newline `host[:port]`, IPv6 in brackets) into lower-case
 * hosts. Every bad entry is reported at once.
 */
function parseInsecureRegistries(value, input = "insecure-registries") {
    const hosts = [];
    const errors = [];
    for (const entry of parseList(value)) {
        const host = entry.toLowerCase();
        if (isRegistryHost(host)) {
            if (!hosts.includes(host))
                hosts.push(host);
        }
        else {
            errors.push(new errors_InputError(input, entry, "is not a registry host", "write host or host:port without scheme or path, e.g. registry.internal:5000 or [fd00::10]:5000"));
        }
    }
    if (errors.length > 0)
        throw new InputErrors(errors);
    return hosts;
}
/**
 * The BuildKit daemon configuration (buildkitd.toml) that makes a buildx builder speak to `hosts` as
 * the other engines do: HTTPS without verification, and plain HTTP. A docker-container builder reads
 * no daemon.json, so without this its push to such a registry fails on the certificate. Hosts come
 * from parseInsecureRegistries (host[:port], IPv6 in brackets): nothing in them needs TOML escaping.
 * Empty for no hosts.
 */
function buildkitdConfig(hosts) {
    return hosts.map((host) => `[registry."${host}"]\n  http = true\n  insecure = true\n`).join("");
}
/**
 * Parses one image spec (`ghcr.io/Org/App`, `https://us-docker.pkg.dev/p/r/app`) into a
 * canonical ImageName. `input` names the action input in error messages.
 */
function parseImage(spec, input = "images") {
    const fail = (problem, fix) => {
        throw new errors_InputError(input, spec, problem, fix);
    };
    let rest = spec.trim();
    if (/\s/.test(rest))
        fail("contains white space", "write one image per entry, separated by commas or newlines");
    if (/^http:\/\//i.test(rest)) {
        fail("uses http://", "drop the scheme; loopback hosts and insecure-registries fall back to plain HTTP");
    }
    rest = rest.replace(/^https:\/\//i, "");
    if (rest.includes("@"))
        fail("has a digest", "remove the @sha256:… part; images are written without tag or digest");
    const slash = rest.indexOf("/");
    const first = slash === -1 ? rest : rest.slice(0, slash);
    const isHost = first.includes(".") || first.includes(":") || first === "localhost";
    if (!isHost) {
        fail("has no registry host", `write it with its registry, e.g. ghcr.io/${rest} or docker.io/${rest}`);
    }
    if (slash === -1 || slash === rest.length - 1) {
        fail("has no repository path", `write host/path, e.g. ${first}/org/app`);
    }
    const host = first.toLowerCase();
    if (!HOST_RE.test(host) && !IPV6_HOST_RE.test(host))
        fail(`has an invalid registry host "${first}"`, "write a DNS name or an IP address ([::1] for IPv6), optionally with :port");
    const components = rest.slice(slash + 1).split("/");
    const last = components[components.length - 1] ?? "";
    if (last.includes(":")) {
        fail("has a tag", "remove the :tag part and pass tags with the tag and additional-tags inputs");
    }
    if (components.some((c) => c === ""))
        fail("has an empty path component (//)", "remove the extra slash");
    let path = components.map((c) => c.toLowerCase());
    for (const component of path) {
        if (!PATH_COMPONENT_RE.test(component)) {
            fail(`has an invalid path component "${component}"`, "use lower-case letters, digits and single separators (., _, __, -) between them");
        }
    }
    const kind = image_registryKind(host);
    const canonicalHost = kind === "docker-hub" ? "docker.io" : host;
    if (kind === "docker-hub" && path.length === 1)
        path = ["library", ...path];
    const name = `${canonicalHost}/${path.join("/")}`;
    if (name.length > MAX_NAME_LENGTH) {
        fail(`is ${name.length} characters long`, `shorten it to at most ${MAX_NAME_LENGTH} characters`);
    }
    return { host: canonicalHost, path: path.join("/"), name, kind };
}
/**
 * Parses a comma/newline list of image specs. Every bad entry is reported in one InputErrors;
 * duplicates after normalisation are dropped with a warning.
 */
function parseImages(value, input = "images") {
    const entries = parseList(value);
    if (entries.length === 0) {
        throw new errors_InputError(input, value, "names no image", "give at least one image, e.g. ghcr.io/org/app");
    }
    const images = [];
    const warnings = [];
    const errors = [];
    for (const entry of entries) {
        try {
            const image = parseImage(entry, input);
            const seen = images.find((other) => other.name === image.name);
            if (seen)
                warnings.push(`${input}: "${entry}" repeats ${seen.name}; it is used once`);
            else
                images.push(image);
        }
        catch (error) {
            if (error instanceof errors_InputError)
                errors.push(error);
            else
                throw error;
        }
    }
    if (errors.length > 0)
        throw new InputErrors(errors);
    return { images, warnings };
}
/** Distinct registry hosts of a list of images, in first-seen order. */
function registryHosts(images) {
    return [...new Set(images.map((image) => image.host))];
}

;// CONCATENATED MODULE: ./src/keyless/errors.ts
/**
 * A keyless login that could not get a credential: which step refused, what the service said (its
 * own words, never a token) and what to change. Rendered as
 * `Google STS refused the job's OIDC token: the provider's attribute condition rejected it ("The
 * given credential is rejected by the attribute condition."); change …`.
 */
class errors_KeylessError extends Error {
    service;
    problem;
    fix;
    said;
    status;
    name = "KeylessError";
    constructor(
    /** Who refused or failed: `GitHub's OIDC token endpoint`, `Google STS`, `AWS STS`, `the ECR API`. */
    service, 
    /** What went wrong, in words a person acts on. */
    problem, 
    /** What to change. */
    fix, 
    /** The service's own words (error code and message), when it answered. */
    said, 
    /** HTTP status, when the service answered. */
    status) {
        super(`${service}: ${problem}${said ? ` (${JSON.stringify(said)})` : ""}; ${fix}`);
        this.service = service;
        this.problem = problem;
        this.fix = fix;
        this.said = said;
        this.status = status;
    }
}

;// CONCATENATED MODULE: ./src/keyless/registries.ts
/**
 * Which registries a keyless login serves, and where the token services are. The endpoints can be
 * moved by MBP_TEST_* variables, for tests only: every override must be a loopback address, so no
 * setting can send a job's OIDC token anywhere else.
 */

/** Test-only variables (documented in docs/keyless.md). */
const TEST_VARIABLES = {
    googleSts: "MBP_TEST_GOOGLE_STS_URL",
    googleIam: "MBP_TEST_GOOGLE_IAM_URL",
    awsSts: "MBP_TEST_AWS_STS_URL",
    ecrApi: "MBP_TEST_ECR_API_URL",
    ecrPublicApi: "MBP_TEST_ECR_PUBLIC_API_URL",
    aliases: "MBP_TEST_REGISTRY_ALIASES",
};
/** ECR Public's API lives in us-east-1 only, whatever the registry's users' region. */
const ECR_PUBLIC_REGION = "us-east-1";
/**
 * The keyless registry a host is: Artifact Registry or Container Registry (`google`), a private ECR
 * registry (`<account>.dkr.ecr.<region>.amazonaws.com`) or `public.ecr.aws`; undefined for any
 * other. A loopback host named in MBP_TEST_REGISTRY_ALIASES (`127.0.0.1:5001=<real host>,…`) is
 * taken for the real host it stands for.
 */
function keylessRegistry(host, env = process.env) {
    const target = registryAliases(env).get(host) ?? host;
    const bare = target.replace(/:\d+$/, "");
    const kind = registryKind(bare);
    if (kind === "artifact-registry" || kind === "container-registry")
        return { provider: "google", host };
    if (kind === "ecr-public")
        return { provider: "ecr-public", host };
    const ecr = ECR_HOST_RE.exec(bare);
    if (ecr) {
        const [, account = "", region = "", dnsSuffix = ""] = ecr;
        return { provider: "ecr", host, account, region, dnsSuffix };
    }
    return undefined;
}
/** MBP_TEST_REGISTRY_ALIASES as loopback host → the registry host it stands for. */
function registryAliases(env = process.env) {
    const aliases = new Map();
    const text = env[TEST_VARIABLES.aliases]?.trim();
    if (!text)
        return aliases;
    for (const pair of text.split(/[\s,]+/).filter(Boolean)) {
        const [alias = "", real = ""] = pair.split("=");
        if (!isLoopbackHost(alias) || real === "") {
            throw new Error(`${TEST_VARIABLES.aliases}: "${pair}" is not loopback-host=registry-host; it is for tests only, unset it`);
        }
        aliases.set(alias, real);
    }
    return aliases;
}
/** The real endpoints, or a test's loopback fakes. */
function keylessEndpoints(env = process.env) {
    const override = (name) => {
        const value = env[name]?.trim();
        if (!value)
            return undefined;
        let url;
        try {
            url = new URL(value);
        }
        catch {
            throw new Error(`${name}: "${value}" is not a URL; it is for tests only, unset it`);
        }
        if (!/^https?:$/.test(url.protocol) || !isLoopbackHost(url.host)) {
            throw new Error(`${name}: "${value}" is not a loopback http(s) URL; it is for tests only, unset it`);
        }
        return url;
    };
    const awsSts = override(TEST_VARIABLES.awsSts);
    const ecrApi = override(TEST_VARIABLES.ecrApi);
    return {
        googleSts: override(TEST_VARIABLES.googleSts) ?? new URL("https://sts.googleapis.com/v1/token"),
        googleIam: override(TEST_VARIABLES.googleIam) ?? new URL("https://iamcredentials.googleapis.com/v1"),
        awsSts: (region, dnsSuffix = "amazonaws.com") => awsSts ?? new URL(`https://sts.${region}.${dnsSuffix}/`),
        ecrApi: (region, dnsSuffix = "amazonaws.com") => ecrApi ?? new URL(`https://api.ecr.${region}.${dnsSuffix}/`),
        ecrPublicApi: override(TEST_VARIABLES.ecrPublicApi) ??
            new URL(`https://api.ecr-public.${ECR_PUBLIC_REGION}.amazonaws.com/`),
    };
}

;// CONCATENATED MODULE: ./src/keyless/plan.ts
/**
 * What a login decides before any call to a token service: the keyless inputs, checked; whether the
 * job may request an OIDC token; what each source is. The login step's bundle needs only this (the
 * token services' clients are in the credential helper's bundle), so it stays small for everyone
 * who logs in with a password.
 */


/** The username Artifact Registry and Container Registry take an access token with. */
const GOOGLE_USERNAME = "oauth2accesstoken";
/** The username of every ECR registry password. */
const ECR_USERNAME = "AWS";
/** What to do when the job cannot ask for an OIDC token. */
const ID_TOKEN_FIX = "grant the job `permissions: id-token: write` (a caller of the reusable workflow grants it in the calling job, next to contents: read and packages: write); pull requests from forks never get one";
/** The job's OIDC request, or undefined when the job was not granted `id-token: write`. */
function oidcRequest(env = process.env) {
    const url = env.ACTIONS_ID_TOKEN_REQUEST_URL?.trim();
    const token = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN?.trim();
    return url && token ? { url, token } : undefined;
}
/** The error for a job without `id-token: write`, naming what needed the token. */
function noIdTokenError(needs) {
    return new KeylessError("GitHub Actions", `${needs} needs the job's OIDC token, but the job may not request one (ACTIONS_ID_TOKEN_REQUEST_URL is not set)`, ID_TOKEN_FIX);
}
const PROVIDER = /^projects\/(\d+)\/locations\/global\/workloadIdentityPools\/([a-z0-9-]{4,32})\/providers\/([a-z0-9-]{4,32})$/;
/** Checks a provider's full resource name, with a fix for each usual mistake. */
function parseWorkloadIdentityProvider(value, input = "gar-workload-identity-provider") {
    const text = value.trim();
    const form = "projects/<project number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>";
    if (PROVIDER.test(text))
        return text;
    const prefix = /^(?:https:|principal(?:Set)?:)?\/\/iam\.googleapis\.com\//.exec(text);
    if (prefix) {
        throw new errors_InputError(input, text, `starts with ${prefix[0]}`, `write the resource name alone: ${form}`);
    }
    if (/^projects\/[^/]*[^0-9/][^/]*\//.test(text)) {
        throw new errors_InputError(input, text, "names the project by its ID", `Workload Identity Federation needs the project number: ${form} (gcloud projects describe <id> --format='value(projectNumber)')`);
    }
    if (/\/workloadIdentityPools\/[^/]+\/?$/.test(text)) {
        throw new errors_InputError(input, text, "is a pool, not a provider", `add /providers/<provider>: ${form}`);
    }
    throw new errors_InputError(input, text, "is not a workload identity provider's resource name", `write ${form} (gcloud iam workload-identity-pools providers describe <provider> --workload-identity-pool=<pool> --location=global --format='value(name)')`);
}
/** Checks a service account's email (or its 21-digit unique ID). */
function parseServiceAccount(value, input = "gar-service-account") {
    const text = value.trim();
    if (/^[^@\s/]+@[a-z0-9.-]+\.gserviceaccount\.com$/.test(text) || /^\d{21}$/.test(text))
        return text;
    throw new errors_InputError(input, text, "is not a service account", "write its email, e.g. pusher@my-project.iam.gserviceaccount.com, or leave it empty for direct federation");
}
/** Checks an IAM role ARN. */
function parseRoleArn(value, input = "aws-role-arn") {
    const text = value.trim();
    if (/^arn:aws(?:-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/.test(text))
        return text;
    const fix = "write the role's ARN, e.g. arn:aws:iam::123456789012:role/github-ecr-push";
    if (/^arn:aws[\w-]*:iam::\d{12}:user\//.test(text)) {
        throw new errors_InputError(input, text, "is a user, not a role", `${fix}; a user's keys go in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`);
    }
    throw new errors_InputError(input, text, "is not an IAM role ARN", fix);
}
/**
 * Checks the keyless inputs that hold no secret, recording every problem: each value's form, and a
 * service account only with a provider to impersonate it through. Returns the valid values (empty
 * for one not given or refused). The login decides with them; the plan checks them with this same
 * rule before anything is built. (AWS keys are secrets: the login checks them alone.)
 */
function parseKeylessInputs(given, problems) {
    const checked = (value, parse) => value === "" ? "" : (problems.attempt(() => parse(value)) ?? "");
    const garWorkloadIdentityProvider = checked(given.garWorkloadIdentityProvider, parseWorkloadIdentityProvider);
    const garServiceAccount = checked(given.garServiceAccount, parseServiceAccount);
    if (given.garServiceAccount && !given.garWorkloadIdentityProvider) {
        problems.add(new errors_InputError("gar-service-account", given.garServiceAccount, "is set but gar-workload-identity-provider is empty", "set gar-workload-identity-provider too: the service account is impersonated through it"));
    }
    const awsRoleArn = checked(given.awsRoleArn, parseRoleArn);
    return { garWorkloadIdentityProvider, garServiceAccount, awsRoleArn };
}


;// CONCATENATED MODULE: ./src/platform.ts


/** The default of every `platforms` input. */
const DEFAULT_PLATFORMS = "linux/amd64,linux/arm64";
const ARCHITECTURES = new Set([
    "amd64",
    "arm64",
    "arm",
    "386",
    "ppc64le",
    "s390x",
    "riscv64",
    "mips64le",
    "loong64",
]);
const ALIASES = {
    x86_64: "amd64",
    "x86-64": "amd64",
    aarch64: "arm64",
    armhf: "arm",
};
// The variants containerd (and so buildx and buildah) knows: x86-64 levels, Arm architecture versions.
const ARM64_VARIANTS = [
    "v8",
    ...Array.from({ length: 9 }, (_, i) => `v8.${i + 1}`),
    "v9",
    ...Array.from({ length: 7 }, (_, i) => `v9.${i + 1}`),
];
const VARIANTS = {
    amd64: ["v1", "v2", "v3", "v4"],
    arm64: ["v8.0", "v9.0", ...ARM64_VARIANTS],
    arm: ["v5", "v6", "v7", "v8"],
};
const VARIANT_HINTS = {
    amd64: "v2, v3 or v4 (x86-64 levels; v1 is linux/amd64)",
    arm64: "v8.1 … v8.9, v9, v9.1 … v9.7 (Arm versions; v8 is linux/arm64)",
    arm: "v5, v6, v7 or v8",
};
// Spellings that containerd normalises: the baseline variants go, `v9.0` is `v9`.
const CANONICAL_VARIANTS = {
    amd64: { v1: undefined },
    arm64: { v8: undefined, "v8.0": undefined, "v9.0": "v9" },
};
/**
 * Parses `os/arch[/variant]` (`linux/arm` means `linux/arm/v7`, `linux/arm64/v8` means `linux/arm64`).
 * Only Linux platforms: every build runs a Linux container builder on a Linux runner.
 */
function parsePlatform(value, input = "platforms") {
    const parts = value.trim().toLowerCase().split("/");
    const fail = (problem, fix) => {
        throw new errors_InputError(input, value, problem, fix);
    };
    if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === "")) {
        fail("is not os/arch[/variant]", "write a platform like linux/amd64 or linux/arm/v7");
    }
    const [os = "", rawArch = "", rawVariant] = parts;
    const architecture = ALIASES[rawArch] ?? rawArch;
    if (os !== "linux") {
        const linux = ARCHITECTURES.has(architecture)
            ? ["linux", architecture, rawVariant].filter(Boolean).join("/")
            : "linux/amd64";
        fail("is not a Linux platform (the builds run on Linux runners and make Linux images only)", `write ${linux}, or build ${os} images with another tool`);
    }
    if (!ARCHITECTURES.has(architecture)) {
        fail(`has unknown architecture "${rawArch}"`, `use one of ${[...ARCHITECTURES].join(", ")}`);
    }
    let variant = rawVariant;
    if (variant !== undefined && !(VARIANTS[architecture] ?? []).includes(variant)) {
        const hint = VARIANT_HINTS[architecture];
        fail(`has unknown variant "${variant}" for ${architecture}`, hint ? `use ${hint}` : `write ${os}/${architecture} without a variant`);
    }
    if (architecture === "arm" && variant === undefined)
        variant = "v7";
    const canonical = CANONICAL_VARIANTS[architecture];
    if (variant !== undefined && canonical && variant in canonical)
        variant = canonical[variant];
    const id = [os, architecture, variant].filter(Boolean).join("/");
    // `.` would make `1.0-arm64-v8.2` a tag that nublado does not recognise as per-architecture.
    const suffix = [architecture, variant?.replaceAll(".", "-")].filter(Boolean).join("-");
    return variant === undefined ? { os, architecture, id, suffix } : { os, architecture, variant, id, suffix };
}
/** Parses a comma/newline list of platforms; empty lists and duplicates are errors. */
function parsePlatforms(value, input = "platforms") {
    const entries = parseList(value);
    if (entries.length === 0) {
        throw new errors_InputError(input, value, "names no platform", `give at least one, e.g. ${DEFAULT_PLATFORMS}`);
    }
    const errors = [];
    const platforms = [];
    for (const entry of entries) {
        try {
            const platform = parsePlatform(entry, input);
            if (platforms.some((p) => p.id === platform.id)) {
                errors.push(new errors_InputError(input, entry, `repeats ${platform.id}`, "list each platform once"));
            }
            else {
                platforms.push(platform);
            }
        }
        catch (error) {
            if (error instanceof errors_InputError)
                errors.push(error);
            else
                throw error;
        }
    }
    if (errors.length > 0)
        throw new InputErrors(errors);
    return platforms;
}
/** GitHub-hosted runner labels by architecture: every variant of one runs on its runner. */
const NATIVE_RUNNERS = {
    amd64: "ubuntu-24.04",
    arm64: "ubuntu-24.04-arm",
};
const FALLBACK_RUNNER = "ubuntu-24.04";
/**
 * True when a machine of `architecture` (`amd64`, `arm64`) runs the platform's programs without
 * QEMU: every variant of an architecture counts (an x86-64-v3 or Armv9 CPU is still that machine).
 */
function runsNatively(platform, architecture) {
    return platform.os === "linux" && platform.architecture === architecture;
}
/**
 * What GitHub's hosted runners lack for a variant, or undefined. Facts (2025–2026): the x64 runners
 * are AMD EPYC VMs (7763, 9V74) with AVX2 but no AVX-512 exposed, so x86-64-v2/v3 run and v4 does
 * not; the arm64 runners are Azure Cobalt 100 (Neoverse N2, Armv9.0-A), but ran on Neoverse N1
 * (Armv8.2-A) for a while in 2025.
 */
function hostedCpuWarning(platform) {
    const { architecture, variant, id } = platform;
    const fix = `runners: ${id}=LABEL naming a runner whose CPU has them`;
    if (architecture === "amd64" && variant === "v4") {
        return `${id} needs AVX-512 (x86-64-v4), which GitHub's hosted x64 runners do not offer; a RUN step that uses it stops with "Illegal instruction". Set ${fix}, or build linux/amd64/v3`;
    }
    if (architecture !== "arm64" || variant === undefined)
        return undefined;
    const [major = 8, minor = 0] = variant.slice(1).split(".").map(Number);
    const level = `Armv${major}.${minor}-A`;
    // Armv9.0-A includes Armv8.5-A.
    if (major === 8 ? minor > 5 : minor > 0) {
        return `${id} needs ${level}, beyond the Armv9.0-A of GitHub's hosted arm64 runners (Cobalt 100); a RUN step that uses it stops with "Illegal instruction". Set ${fix}`;
    }
    if (major === 9 || minor > 2) {
        return `${id} needs ${level}: GitHub's hosted arm64 runners have it today (Cobalt 100, Armv9.0-A) but have also run on Armv8.2-A machines, where a RUN step that uses it stops with "Illegal instruction". To be sure, set ${fix}`;
    }
    return undefined;
}
/**
 * Parses the `runners` input: lines `platform=label[,label…]` or `default=label[,label…]`.
 * Returns a map from normalised platform id (or `default`) to labels.
 */
function parseRunners(value, input = "runners") {
    const result = new Map();
    const errors = [];
    for (const line of parseLines(value)) {
        const at = line.indexOf("=");
        const key = at > 0 ? line.slice(0, at).trim() : "";
        const labels = parseList(at > 0 ? line.slice(at + 1) : "");
        if (!key || labels.length === 0) {
            errors.push(new errors_InputError(input, line, "is not platform=label", "write lines like linux/arm64=my-arm-runner"));
            continue;
        }
        const bad = labels.find((label) => !/^[A-Za-z0-9][A-Za-z0-9._ -]*$/.test(label));
        if (bad !== undefined) {
            errors.push(new errors_InputError(input, line, `has an invalid runner label "${bad}"`, "use a runner label or group name"));
            continue;
        }
        let id = key;
        if (key !== "default") {
            try {
                id = parsePlatform(key, input).id;
            }
            catch (error) {
                if (error instanceof errors_InputError)
                    errors.push(error);
                else
                    throw error;
                continue;
            }
        }
        if (result.has(id)) {
            errors.push(new errors_InputError(input, line, `sets ${id} twice`, "keep one line per platform"));
            continue;
        }
        result.set(id, labels.length === 1 ? labels[0] : labels);
    }
    if (errors.length > 0)
        throw new InputErrors(errors);
    return result;
}
/**
 * Picks the runner of a platform: an explicit `runners` entry, else `default`, else GitHub's runner
 * of its architecture (ubuntu-24.04 / ubuntu-24.04-arm, whatever the variant), else ubuntu-24.04
 * with QEMU. QEMU is needed when the runner's architecture (guessed from an `arm` in the label for
 * custom labels) is not the platform's. A platform without a runner of its own is warned about when
 * its variant needs more than GitHub's hosted runners may have.
 */
function chooseRunner(platform, runners) {
    const own = runners.get(platform.id);
    const runner = own ?? runners.get("default") ?? NATIVE_RUNNERS[platform.architecture] ?? FALLBACK_RUNNER;
    const labels = Array.isArray(runner) ? runner : [runner];
    const runnerArch = labels.some((label) => /(?:^|[^a-z])(?:arm|arm64|aarch64)(?:$|[^a-z])/i.test(label))
        ? "arm64"
        : "amd64";
    const qemu = !runsNatively(platform, runnerArch);
    const warning = own === undefined && !qemu ? hostedCpuWarning(platform) : undefined;
    return warning === undefined ? { runner, qemu } : { runner, qemu, warning };
}

;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
;// CONCATENATED MODULE: ./src/tag.ts



/** Registries (and the distribution spec) allow tags of at most 128 characters. */
const MAX_TAG_LENGTH = 128;
const TAG_RE = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
/** True for `latest` and `latest` followed by `_`, `-` or `.` (`latest_weekly`, `latest-rc`). */
function isLatestTag(tag) {
    return /^latest(?:[_.-]|$)/.test(tag);
}
/** `<tag>-<suffix>`, the per-architecture tag (`1.2.0-arm64`). */
function tag_archTag(tag, suffix) {
    return `${tag}-${suffix}`;
}
/**
 * The tag a build gets when none is given: the head branch on `pull_request*` events, otherwise
 * the ref without `refs/heads/` or `refs/tags/`; then `/` becomes `-`. Not yet sanitised.
 */
function rawTagFromContext(context) {
    if (context.eventName.startsWith("pull_request") && context.headRef) {
        return { raw: context.headRef.replaceAll("/", "-"), source: "pull_request" };
    }
    const raw = context.ref.replace(/^refs\/(?:heads|tags)\//, "");
    return { raw: raw.replaceAll("/", "-"), source: "ref" };
}
/**
 * Makes a derived (never a typed) tag valid: runs of characters outside `[A-Za-z0-9._-]` become
 * `-`, leading `.`/`-` are dropped, and a tag longer than `maxLength` is cut and given a short hash
 * of the full name so that two long branch names never collide.
 */
function sanitizeTag(raw, maxLength = MAX_TAG_LENGTH) {
    const cleaned = raw.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[.-]+/, "");
    if (cleaned.length <= maxLength)
        return cleaned;
    const hash = (0,external_node_crypto_namespaceObject.createHash)("sha256").update(raw).digest("hex").slice(0, 8);
    return `${cleaned.slice(0, maxLength - hash.length - 1).replace(/[.-]+$/, "")}-${hash}`;
}
/**
 * Validates a tag a person typed. `suffixLength` is the length of the longest `-<arch>` that will be
 * appended (0 for `latest*` tags, which get no arch variants).
 */
function validateTag(tag, input, suffixLength) {
    if (!TAG_RE.test(tag)) {
        throw new errors_InputError(input, tag, "is not a valid tag", "use letters, digits, '_', '.' and '-', not starting with '.' or '-'");
    }
    const longest = tag.length + suffixLength;
    if (longest > MAX_TAG_LENGTH) {
        const room = MAX_TAG_LENGTH - suffixLength;
        const withSuffix = suffixLength > 0 ? " with its architecture suffix" : "";
        throw new errors_InputError(input, tag, `is ${longest} characters long${withSuffix}; registries allow ${MAX_TAG_LENGTH}`, `shorten it to at most ${room} characters`);
    }
    return tag;
}
/**
 * Resolves `tag` and `additional-tags` against the GitHub context. An explicit value that is not a
 * valid tag is an error (never silently changed); a derived one is sanitised.
 */
function resolveTags(options, context) {
    const problems = new Problems();
    const warnings = [];
    const suffixLength = options.longestSuffix + 1;
    let tag = options.tag.trim();
    let source = "input";
    if (tag) {
        problems.attempt(() => validateTag(tag, "tag", suffixLength));
    }
    else {
        const derived = rawTagFromContext(context);
        source = derived.source;
        tag = sanitizeTag(derived.raw, MAX_TAG_LENGTH - suffixLength);
        if (!tag) {
            problems.add(new errors_InputError("tag", "", `is empty and no tag can be derived from GITHUB_REF=${JSON.stringify(context.ref)}`, "set the tag input"));
        }
        else if (tag !== derived.raw) {
            warnings.push(`tag: "${derived.raw}" from the ${source} is not a valid tag; using "${tag}"`);
        }
    }
    if (tag && isLatestTag(tag)) {
        problems.add(new errors_InputError("tag", tag, "is a latest* tag, which gets no per-architecture variants, so nothing could be built under it", "use a version or branch as tag and put latest tags in additional-tags"));
    }
    const tags = [tag];
    for (const extra of parseList(options.additionalTags)) {
        const ok = problems.attempt(() => validateTag(extra, "additional-tags", isLatestTag(extra) ? 0 : suffixLength));
        if (!ok)
            continue;
        if (tags.includes(extra))
            warnings.push(`additional-tags: "${extra}" repeats a tag; it is used once`);
        else
            tags.push(extra);
    }
    problems.throwIfAny();
    return { tag, source, tags, archTagBases: tags.filter((t) => !isLatestTag(t)), warnings };
}

;// CONCATENATED MODULE: ./src/plan.ts




/**
 * Validates all options together (every problem reported at once, as InputErrors) and makes the plan.
 * Pure: reads nothing but its arguments.
 */
function makePlan(options, context) {
    const problems = new Problems();
    const parsedImages = problems.attempt(() => parseImages(options.images, "images"));
    const platforms = problems.attempt(() => parsePlatforms(options.platforms || DEFAULT_PLATFORMS, "platforms"));
    const runners = problems.attempt(() => parseRunners(options.runners ?? "", "runners"));
    const maxPlatforms = problems.attempt(() => parseMaxPlatforms(options.maxPlatforms ?? ""));
    if (platforms && maxPlatforms !== undefined && platforms.length > maxPlatforms) {
        problems.add(new errors_InputError("platforms", options.platforms ?? "", `names ${platforms.length} platforms, more than the ${maxPlatforms} one run can build (max-platforms)`, `build at most ${maxPlatforms}; for more, wire the actions into a workflow of your own (the README's "actions a la carte"), which has no such limit`));
    }
    const longestSuffix = Math.max(...(platforms ?? parsePlatformsLenient()).map((p) => p.suffix.length));
    const tags = problems.attempt(() => resolveTags({ tag: options.tag ?? "", additionalTags: options.additionalTags ?? "", longestSuffix }, context));
    if (runners && platforms) {
        for (const key of runners.keys()) {
            if (key !== "default" && !platforms.some((p) => p.id === key)) {
                problems.add(new errors_InputError("runners", key, "names a platform that is not built", "remove it or add it to platforms"));
            }
        }
    }
    problems.throwIfAny();
    if (!parsedImages || !platforms || !runners || !tags)
        throw new Error("unreachable: validated plan parts missing");
    const images = parsedImages.images;
    return {
        images,
        registries: registryHosts(images),
        tag: tags.tag,
        tagSource: tags.source,
        tags: tags.tags,
        archTagBases: tags.archTagBases,
        platforms: platforms.map((platform) => ({
            ...platform,
            ...chooseRunner(platform, runners),
            refs: images.flatMap((image) => tags.archTagBases.map((t) => `${image.name}:${tag_archTag(t, platform.suffix)}`)),
        })),
        warnings: [...parsedImages.warnings, ...tags.warnings],
    };
}
/** `max-platforms`: a whole number from 1, or empty for no limit. */
function parseMaxPlatforms(value) {
    const text = value.trim();
    if (text === "")
        return undefined;
    if (!/^[1-9][0-9]*$/.test(text)) {
        throw new errors_InputError("max-platforms", value, "is not a whole number from 1", "write e.g. 16, or leave it empty");
    }
    return Number(text);
}
// When platforms are invalid, tags are still checked against the default platforms' suffixes.
function parsePlatformsLenient() {
    return parsePlatforms(DEFAULT_PLATFORMS);
}
/** The source a multi-arch index points at for one image and platform: `image:tag-suffix`. */
function sourceRef(plan, image, platform) {
    return `${image.name}:${archTag(plan.tag, platform.suffix)}`;
}
/**
 * `{ include: [...] }` for `strategy.matrix` of the per-architecture job. `index` is the leg's place
 * in the plan (0, 1, …): a matrix job's legs share one set of outputs, so each leg writes its own
 * under a name made from it (`leg-<index>`).
 */
function planMatrix(plan) {
    return {
        include: plan.platforms.map((p, index) => ({
            index,
            platform: p.id,
            suffix: p.suffix,
            runner: p.runner,
            qemu: p.qemu,
        })),
    };
}
/** Platform id → every `image:tag-suffix` ref it pushes (the `arch-tags` output). */
function planArchRefs(plan) {
    return Object.fromEntries(plan.platforms.map((p) => [p.id, [...p.refs]]));
}

;// CONCATENATED MODULE: ./src/run.ts






/** The planning action: validate everything and describe the build. */
function run(options, context, clock = { began: Date.now(), now: Date.now }) {
    const problems = new Problems();
    const started = problems.attempt(() => parseStarted(options.started ?? ""));
    const plan = problems.attempt(() => makePlan(options, context));
    const insecure = checkLaterInputs(options, problems);
    problems.throwIfAny();
    if (!plan)
        throw new Error("unreachable: plan missing after validation");
    const end = clock.now();
    return {
        plan,
        outputs: {
            tag: plan.tag,
            tags: plan.tags,
            images: plan.images.map((image) => image.name),
            registries: plan.registries,
            "arch-tags": planArchRefs(plan),
            matrix: planMatrix(plan),
            // A start after the end (another clock) would be refused by the picture: never later than it.
            timeline: { name: "plan", start: Math.min(started ?? clock.began, end), end },
            "buildkitd-config": buildkitdConfig(insecure),
        },
    };
}
/**
 * Records the problems of the later jobs' inputs, each found by the function that job calls on it
 * (arch-build's parseInputs, manifest-stitch's parseInputs, multi-registry-login's parseRequest).
 * Returns the insecure registries, which the build job's builder is configured with.
 */
function checkLaterInputs(inputs, problems) {
    problems.attempt(() => parseKeyValues(inputs.buildArgs ?? "", "build-args"));
    parseCacheEntries("cache-from", inputs.cacheFrom ?? "", problems);
    parseCacheEntries("cache-to", inputs.cacheTo ?? "", problems);
    problems.attempt(() => parseKeyValues(inputs.annotations ?? "", "annotations"));
    const insecure = problems.attempt(() => parseInsecureRegistries(inputs.insecureRegistries ?? "")) ?? [];
    parseKeylessInputs({
        garWorkloadIdentityProvider: inputs.garWorkloadIdentityProvider ?? "",
        garServiceAccount: inputs.garServiceAccount ?? "",
        awsRoleArn: inputs.awsRoleArn ?? "",
    }, problems);
    return insecure;
}
// Epoch milliseconds (13 digits), as `date +%s%3N` prints them; seconds are refused, not drawn in 1970.
function parseStarted(value) {
    const text = value.trim();
    if (text === "")
        return undefined;
    if (!/^[1-9][0-9]{12}$/.test(text)) {
        throw new errors_InputError("started", value, "is not a time in epoch milliseconds", "write what date +%s%3N prints (13 digits), or leave it empty");
    }
    return Number(text);
}

;// CONCATENATED MODULE: ./src/main.ts




async function main() {
    const began = Date.now();
    try {
        const { plan, outputs } = run({
            images: getText("images"),
            tag: getString("tag"),
            additionalTags: getText("additional-tags"),
            platforms: getText("platforms"),
            runners: getText("runners"),
            maxPlatforms: getString("max-platforms"),
            started: getString("started"),
            // Read as the jobs that use them read them, so the same text meets the same rule.
            buildArgs: getText("build-args"),
            cacheFrom: getText("cache-from"),
            cacheTo: getText("cache-to"),
            annotations: getText("annotations"),
            insecureRegistries: getText("insecure-registries"),
            garWorkloadIdentityProvider: getString("gar-workload-identity-provider"),
            garServiceAccount: getString("gar-service-account"),
            awsRoleArn: getString("aws-role-arn"),
        }, readGitHubContext(), { began, now: Date.now });
        warnAll([...plan.warnings, ...plan.platforms.flatMap((p) => (p.warning ? [p.warning] : []))]);
        logPlan(plan);
        setOutputs({ ...outputs });
        await summarise(plan);
    }
    catch (error) {
        reportFailure(error);
    }
}
function logPlan(plan) {
    info(`Tag: ${plan.tag} (from ${plan.tagSource}); all tags: ${plan.tags.join(", ")}`);
    info(`Images: ${plan.images.map((i) => i.name).join(", ")}`);
    for (const platform of plan.platforms) {
        const runner = Array.isArray(platform.runner) ? platform.runner.join(", ") : platform.runner;
        info(`${platform.id} on ${runner}${platform.qemu ? " (QEMU)" : ""}: ${platform.refs.join(", ")}`);
    }
}
async function summarise(plan) {
    const rows = plan.platforms.map((p) => [
        `\`${p.id}\``,
        cell(Array.isArray(p.runner) ? p.runner.join(", ") : p.runner),
        p.qemu ? "yes" : "no",
        p.refs.map((r) => `\`${r}\``).join("<br>"),
    ]);
    const notes = `Multi-arch tags: ${plan.tags.map((t) => `\`${t}\``).join(", ")} on ${plan.images.map((i) => `\`${i.name}\``).join(", ")}`;
    await writeSummary("Build plan", ["Platform", "Runner", "QEMU", "Per-arch refs"], rows, notes);
}


/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat */
/******/ 
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = new URL('.', import.meta.url).pathname.slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(887);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
