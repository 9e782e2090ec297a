import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 1425:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   p: () => (/* binding */ HelperError)
/* harmony export */ });
/** A token service's refusal, or a helper that failed, in the helper's own words. */
class HelperError extends Error {
    name = "HelperError";
}


/***/ }),

/***/ 3887:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _main__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(1754);

await (0,_main__WEBPACK_IMPORTED_MODULE_0__/* .main */ .i)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 1754:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  i: () => (/* binding */ main)
});

// EXTERNAL MODULE: external "os"
var external_os_ = __nccwpck_require__(857);
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
    process.stdout.write(cmd.toString() + external_os_.EOL);
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
// EXTERNAL MODULE: external "fs"
var external_fs_ = __nccwpck_require__(9896);
;// CONCATENATED MODULE: ../../node_modules/.pnpm/@actions+core@3.0.1_patch_hash=c9ff9537500632800dcbc84985d9065c2d049c5d104c8bb6b05b9b7e328cfb7a/node_modules/@actions/core/lib/file-command.js
// For internal use, subject to change.
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */




function file_command_issueFileCommand(command, message) {
    const filePath = process.env[`GITHUB_${command}`];
    if (!filePath) {
        throw new Error(`Unable to find environment variable for file command ${command}`);
    }
    if (!external_fs_.existsSync(filePath)) {
        throw new Error(`Missing file at path: ${filePath}`);
    }
    external_fs_.appendFileSync(filePath, `${utils_toCommandValue(message)}${external_os_.EOL}`, {
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
    return `${key}<<${delimiter}${external_os_.EOL}${convertedValue}${external_os_.EOL}${delimiter}`;
}
//# sourceMappingURL=file-command.js.map
// EXTERNAL MODULE: external "path"
var external_path_ = __nccwpck_require__(6928);
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


const { access, appendFile, writeFile } = external_fs_.promises;
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
                yield access(pathFromEnv, external_fs_.constants.R_OK | external_fs_.constants.W_OK);
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
        return this.addRaw(external_os_.EOL);
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
    command_issueCommand('add-mask', {}, secret);
}
/**
 * Prepends inputPath to the PATH (for this action and future actions)
 * @param inputPath
 */
function addPath(inputPath) {
    const filePath = process.env['GITHUB_PATH'] || '';
    if (filePath) {
        file_command_issueFileCommand('PATH', inputPath);
    }
    else {
        command_issueCommand('add-path', {}, inputPath);
    }
    process.env['PATH'] = `${inputPath}${external_path_.delimiter}${process.env['PATH']}`;
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
    process.stdout.write(external_os_.EOL);
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
    process.stdout.write(message + external_os_.EOL);
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
        return file_command_issueFileCommand('STATE', file_command_prepareKeyValueMessage(name, value));
    }
    command_issueCommand('save-state', { name }, utils_toCommandValue(value));
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
;// CONCATENATED MODULE: ../image-spec/src/errors.ts
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
class errors_InputErrors extends Error {
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
class errors_CommandError extends Error {
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
class errors_Problems {
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
            else if (error instanceof errors_InputErrors)
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
            throw new errors_InputErrors(this.found);
    }
}
/** Normalises anything thrown into an Error without losing a non-Error value. */
function asError(thrown) {
    if (thrown instanceof Error)
        return thrown;
    return new Error(typeof thrown === "string" ? thrown : `non-Error thrown: ${JSON.stringify(thrown)}`);
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
;// CONCATENATED MODULE: ../image-spec/src/github.ts

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
        const payload = JSON.parse((0,external_node_fs_.readFileSync)(path, "utf8"));
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

;// CONCATENATED MODULE: ../image-spec/src/list.ts

/** Splits a comma- or newline-separated list: trims each entry, drops empties. */
function list_parseList(value) {
    return value
        .split(/[,\n]/)
        .map((entry) => entry.trim())
        .filter((entry) => entry.length > 0);
}
/** Splits a newline-separated list (entries may contain commas, e.g. build args). */
function list_parseLines(value) {
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
    return list_parseLines(value).map((line) => {
        const pair = list_splitKeyValue(line);
        if (!pair)
            throw new InputError(input, unquote(line), "is not KEY=VALUE", "write one KEY=VALUE per line");
        return pair;
    });
}

;// CONCATENATED MODULE: ../image-spec/src/build-request.ts
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
            problems.add(new InputError(input, entry, `has the placeholder ${unknown.join(", ")}, which is not known`, `write ${ARCH_PLACEHOLDER} (the platform's tag suffix: amd64, arm64, arm-v7), or no placeholder`));
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

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __nccwpck_require__(1421);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(1455);
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
;// CONCATENATED MODULE: ../image-spec/src/image.ts


const DOCKER_HUB_HOSTS = new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);
const DOMAIN_COMPONENT = "(?:[a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])";
const HOST_RE = new RegExp(`^${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]{1,5})?$`);
// An IPv6 literal in brackets, as docker accepts it: `[::1]:5000`, `[fd00::10]`.
const IPV6_HOST_RE = /^\[[0-9a-f:.]*:[0-9a-f:.]*\](?::[0-9]{1,5})?$/;
// The distribution reference grammar's path-component (separators: `.`, `_`, `__`, runs of `-`).
const PATH_COMPONENT_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const MAX_NAME_LENGTH = 255;
/** A private Amazon ECR registry: account, region, DNS suffix (`amazonaws.com`, `amazonaws.com.cn`). */
const ECR_HOST_RE = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.(amazonaws\.com(?:\.cn)?)$/;
/** The kind of a (canonical, lower-case) registry host. */
function registryKind(host) {
    const bare = host.replace(/:\d+$/, "");
    if (bare === "ghcr.io")
        return "ghcr";
    if (bare.endsWith("-docker.pkg.dev"))
        return "artifact-registry";
    if (bare === "gcr.io" || bare.endsWith(".gcr.io"))
        return "container-registry";
    if (DOCKER_HUB_HOSTS.has(bare))
        return "docker-hub";
    if (ECR_HOST_RE.test(bare))
        return "ecr";
    if (bare === "public.ecr.aws")
        return "ecr-public";
    return "generic";
}
/** Host to send distribution API requests to (`docker.io` is served by `registry-1.docker.io`). */
function registryApiHost(host) {
    return registryKind(host) === "docker-hub" ? "registry-1.docker.io" : host;
}
/** Key of a host in a Docker config's `auths` (Docker Hub keeps its historical URL). */
function image_dockerConfigKey(host) {
    return registryKind(host) === "docker-hub" ? "https://index.docker.io/v1/" : host;
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
    for (const entry of list_parseList(value)) {
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
        throw new errors_InputErrors(errors);
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
    const kind = registryKind(host);
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
function image_parseImages(value, input = "images") {
    const entries = list_parseList(value);
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
        throw new errors_InputErrors(errors);
    return { images, warnings };
}
/** Distinct registry hosts of a list of images, in first-seen order. */
function image_registryHosts(images) {
    return [...new Set(images.map((image) => image.host))];
}

;// CONCATENATED MODULE: ../image-spec/src/docker-config.ts
/**
 * The one place that reads and writes Docker config files (`$DOCKER_CONFIG/config.json`), the file
 * the docker CLI, buildx, buildah (`--authfile`), skopeo and manifest-stitch take credentials from.
 */







/** A Docker config file that cannot be read or used. */
class DockerConfigError extends Error {
    path;
    problem;
    name = "DockerConfigError";
    constructor(path, problem) {
        super(`Docker config ${path}: ${problem}`);
        this.path = path;
        this.problem = problem;
    }
}
/** `$DOCKER_CONFIG/config.json`, by default `~/.docker/config.json`. */
function dockerConfigPath(env = process.env) {
    const dir = env.DOCKER_CONFIG?.trim();
    if (dir)
        return (0,external_node_path_.join)(dir, "config.json");
    return (0,external_node_path_.join)(env.HOME?.trim() || (0,external_node_os_namespaceObject.homedir)(), ".docker", "config.json");
}
/** Reads a Docker config; a missing file is an empty config. Never echoes the file's contents. */
async function readDockerConfig(path = dockerConfigPath()) {
    let text;
    try {
        text = await (0,promises_.readFile)(path, "utf8");
    }
    catch (error) {
        if (error.code === "ENOENT")
            return {};
        throw new DockerConfigError(path, `cannot be read (${asError(error).message})`);
    }
    if (text.trim() === "")
        return {};
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        // The parser's message quotes the file, which holds secrets.
        throw new DockerConfigError(path, "is not valid JSON; fix or remove it");
    }
    if (!isObject(parsed))
        throw new DockerConfigError(path, "is not a JSON object; fix or remove it");
    for (const field of ["auths", "credHelpers"]) {
        if (parsed[field] !== undefined && !isObject(parsed[field])) {
            throw new DockerConfigError(path, `"${field}" is not an object; fix or remove it`);
        }
    }
    if (parsed.credsStore !== undefined && typeof parsed.credsStore !== "string") {
        throw new DockerConfigError(path, `"credsStore" is not a string; fix or remove it`);
    }
    return parsed;
}
/**
 * Writes a whole Docker config atomically (temporary file in the same directory, then rename) with
 * mode 0600, indented with tabs as docker writes it. A symlinked config.json is written through.
 */
async function writeDockerConfig(path, config) {
    await (0,promises_.mkdir)((0,external_node_path_.dirname)(path), { recursive: true, mode: 0o700 });
    const target = await (0,promises_.realpath)(path).catch(() => path);
    const temporary = (0,external_node_path_.join)((0,external_node_path_.dirname)(target), `.config.json.${process.pid}.${(0,external_node_crypto_.randomBytes)(6).toString("hex")}.tmp`);
    try {
        await (0,promises_.writeFile)(temporary, `${JSON.stringify(config, null, "\t")}\n`, { mode: 0o600, flag: "wx" });
        await (0,promises_.chmod)(temporary, 0o600);
        await (0,promises_.rename)(temporary, target);
    }
    catch (error) {
        await (0,promises_.rm)(temporary, { force: true });
        throw new DockerConfigError(target, `cannot be written (${asError(error).message})`);
    }
}
/**
 * The `auths` keys a host may be stored under, preferred first: `dockerConfigKey(host)`, the bare
 * host, and the forms docker also accepts (`https://host`, `http://host`, `https://host/v1/`,
 * `https://host/v2/`, `host/`; Docker Hub: every alias).
 */
function authKeyCandidates(host) {
    const hosts = registryKind(host) === "docker-hub" ? ["docker.io", "index.docker.io", "registry-1.docker.io"] : [host];
    const keys = [image_dockerConfigKey(host)];
    for (const name of hosts) {
        keys.push(name, `https://${name}`, `http://${name}`, `https://${name}/v1/`, `https://${name}/v2/`, `http://${name}/v2/`, `${name}/`, `https://${name}/`);
    }
    return [...new Set(keys)];
}
/** Decodes one `auths` entry; undefined when it carries nothing usable. */
function entryCredentials(entry) {
    if (!isObject(entry))
        return undefined;
    const credentials = {};
    if (typeof entry.auth === "string" && entry.auth !== "") {
        const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
        const colon = decoded.indexOf(":");
        if (colon > 0) {
            credentials.username = decoded.slice(0, colon);
            credentials.password = decoded.slice(colon + 1);
        }
    }
    if (!credentials.username && typeof entry.username === "string" && entry.username !== "") {
        credentials.username = entry.username;
        if (typeof entry.password === "string")
            credentials.password = entry.password;
    }
    if (typeof entry.identitytoken === "string" && entry.identitytoken !== "") {
        credentials.identityToken = entry.identitytoken;
    }
    if (typeof entry.registrytoken === "string" && entry.registrytoken !== "") {
        credentials.registryToken = entry.registrytoken;
    }
    if (credentials.password === "")
        delete credentials.password;
    return Object.keys(credentials).length > 0 ? credentials : undefined;
}
/** The `auths` entry docker writes for a username and password: `{auth: base64(user:pass)}`. */
function authEntry(credentials) {
    const entry = {};
    if (credentials.username !== undefined || credentials.password !== undefined) {
        entry.auth = Buffer.from(`${credentials.username ?? ""}:${credentials.password ?? ""}`).toString("base64");
    }
    if (credentials.identityToken)
        entry.identitytoken = credentials.identityToken;
    if (credentials.registryToken)
        entry.registrytoken = credentials.registryToken;
    return entry;
}
/** A `docker-credential-*` program that does not answer in this time is given up on (`pass`, `secretservice` can wait forever for an unlock). */
const HELPER_TIMEOUT_MS = 15_000;
/**
 * The credentials a Docker config holds for a canonical host (`docker.io`, `ghcr.io`,
 * `127.0.0.1:5000`), or undefined for anonymous access. Order: `credHelpers.<host>`, then an `auths`
 * entry (see authKeyCandidates), then `credsStore`, the order containers/image and the docker CLI
 * agree on for credentials that are present. The caller masks what it gets.
 */
async function credentialsFor(host, options = {}) {
    const env = options.env ?? process.env;
    const path = options.configPath ?? dockerConfigPath(env);
    const config = await readDockerConfig(path);
    const serverUrl = dockerConfigKey(host);
    const helper = credentialHelperFor(config, host);
    const timeoutMs = options.helperTimeoutMs ?? HELPER_TIMEOUT_MS;
    if (helper)
        return helperGet(helper, serverUrl, env, timeoutMs);
    for (const key of authKeyCandidates(host)) {
        const credentials = entryCredentials(config.auths?.[key]);
        if (credentials)
            return credentials;
    }
    if (config.credsStore)
        return helperGet(config.credsStore, serverUrl, env, timeoutMs);
    return undefined;
}
/** The `credHelpers` helper named for a host (Docker Hub under any of its aliases), if any. */
function credentialHelperFor(config, host) {
    const helpers = config.credHelpers;
    if (!helpers)
        return undefined;
    for (const key of authKeyCandidates(host)) {
        const helper = helpers[key];
        if (typeof helper === "string" && helper !== "")
            return helper;
    }
    return undefined;
}
/**
 * Asks `docker-credential-<helper> get` for a server's credentials (server URL on stdin, JSON on
 * stdout), marked minted (`expiresAt: Infinity`: asked for again after a refusal). "Not found" is
 * undefined; any other failure throws without echoing the helper's stdout.
 */
async function helperGet(helper, serverUrl, env = process.env, timeoutMs = HELPER_TIMEOUT_MS) {
    const program = helperProgram(helper);
    const result = await runHelper(program, serverUrl, definedEnv(env), timeoutMs);
    if (result.exitCode !== 0) {
        const said = `${result.stdout}\n${result.stderr}`;
        if (/credentials not found/i.test(said))
            return undefined;
        throw new errors_CommandError(`${program} get`, result.exitCode, result.stderr.trim());
    }
    let answer;
    try {
        answer = JSON.parse(result.stdout);
    }
    catch {
        throw new Error(`credential helper ${program} answered "get ${serverUrl}" with something other than JSON`);
    }
    if (!isObject(answer)) {
        throw new Error(`credential helper ${program} answered "get ${serverUrl}" with something other than an object`);
    }
    const username = typeof answer.Username === "string" ? answer.Username : "";
    const secret = typeof answer.Secret === "string" ? answer.Secret : "";
    if (!secret && !username)
        return undefined;
    // A helper may answer with something else next time (docker-credential-gcloud, ecr-login and
    // ours mint short-lived tokens): its answer is minted, with an end it does not say, so a client
    // that kept it asks again once a registry refuses it (see RegistryCredentials.expiresAt).
    const minted = { expiresAt: Number.POSITIVE_INFINITY };
    // docker-credential-helpers store identity tokens with the username "<token>".
    if (username === "<token>")
        return { identityToken: secret, ...minted };
    return { username, password: secret, ...minted };
}
/**
 * Adds (or replaces) `auths` and `credHelpers` entries in one atomic write, keeping every other key
 * and entry. Returns what changed, for restoreLoginEntries.
 */
async function addLoginEntries(entries, path = dockerConfigPath()) {
    const config = await readDockerConfig(path);
    const auths = { ...(config.auths ?? {}) };
    const helpers = { ...(config.credHelpers ?? {}) };
    const authChanges = [];
    for (const [key, entry] of Object.entries(entries.auths ?? {})) {
        const previous = auths[key];
        auths[key] = entry;
        authChanges.push({
            key,
            ...(previous !== undefined ? { previous } : {}),
            writtenDigest: entryDigest(entry),
        });
    }
    const helperChanges = [];
    for (const [host, helper] of Object.entries(entries.credHelpers ?? {})) {
        const previous = helpers[host];
        helpers[host] = helper;
        helperChanges.push({ host, helper, ...(previous !== undefined ? { previous } : {}) });
    }
    const next = { ...config, auths };
    if (Object.keys(helpers).length > 0)
        next.credHelpers = helpers;
    await writeDockerConfig(path, next);
    return { auths: authChanges, credHelpers: helperChanges };
}
/** addLoginEntries for `auths` entries alone. */
async function addAuthEntries(entries, path = dockerConfigPath()) {
    return (await addLoginEntries({ auths: entries }, path)).auths;
}
/**
 * Undoes addLoginEntries: removes entries that were added, puts back entries that were replaced, and
 * leaves alone any entry changed since (by a later login). One atomic write; no write if nothing changes.
 */
async function restoreLoginEntries(changes, path = dockerConfigPath()) {
    const config = await readDockerConfig(path);
    const auths = { ...(config.auths ?? {}) };
    const helpers = { ...(config.credHelpers ?? {}) };
    const outcomes = undoChanges(auths, changes.auths.map((change) => ({
        key: change.key,
        previous: change.previous,
        ours: (current) => entryDigest(current) === change.writtenDigest,
    })));
    const helperOutcomes = undoChanges(helpers, changes.credHelpers.map((change) => ({
        key: change.host,
        previous: change.previous,
        ours: (current) => current === change.helper,
    })));
    const touched = [...Object.values(outcomes), ...Object.values(helperOutcomes)].some((outcome) => outcome === "removed" || outcome === "restored");
    if (touched) {
        const next = { ...config, auths };
        if (Object.keys(helpers).length > 0)
            next.credHelpers = helpers;
        else
            delete next.credHelpers;
        await writeDockerConfig(path, next);
    }
    return { auths: outcomes, credHelpers: helperOutcomes };
}
/**
 * Undoes changes to one table (latest first): an entry still as written is removed or given back its
 * previous value; one changed since is left alone; one gone is given back its previous value, if any.
 */
function undoChanges(table, changes) {
    const outcomes = {};
    for (const change of [...changes].reverse()) {
        const current = table[change.key];
        if (current === undefined) {
            outcomes[change.key] = "already-gone";
            if (change.previous === undefined)
                continue;
        }
        else if (!change.ours(current)) {
            outcomes[change.key] = "changed-since";
            continue;
        }
        if (change.previous === undefined) {
            delete table[change.key];
            outcomes[change.key] = "removed";
        }
        else {
            table[change.key] = change.previous;
            outcomes[change.key] = "restored";
        }
    }
    return outcomes;
}
/** restoreLoginEntries for `auths` entries alone. */
async function restoreAuthEntries(changes, path = dockerConfigPath()) {
    return (await restoreLoginEntries({ auths: changes, credHelpers: [] }, path)).auths;
}
/** sha256 of an entry's JSON, to recognise it later without keeping the secret. */
function entryDigest(entry) {
    return `sha256:${(0,external_node_crypto_.createHash)("sha256").update(JSON.stringify(entry)).digest("hex")}`;
}
/**
 * Runs `<program> get` with the server URL on stdin, bounded by `timeoutMs`: past it the helper's
 * whole process group is killed (a script's `sleep` child would otherwise keep the pipes open).
 */
function runHelper(program, serverUrl, env, timeoutMs) {
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)(program, ["get"], { env, stdio: ["pipe", "pipe", "pipe"], detached: true });
        const stdout = [];
        const stderr = [];
        let settled = false;
        const finish = (outcome) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            outcome();
        };
        const timer = setTimeout(() => {
            try {
                if (child.pid !== undefined)
                    process.kill(-child.pid, "SIGKILL");
            }
            catch {
                child.kill("SIGKILL");
            }
            child.stdout?.destroy();
            child.stderr?.destroy();
            const host = serverUrl.replace(/^https?:\/\//, "").replace(/\/.*$/, "");
            finish(() => reject(new Error(`credential helper ${program} did not answer "get ${serverUrl}" within ${Math.round(timeoutMs / 1000)} s, so there are no credentials for ${host}; unlock or fix ${program} (a locked pass or secretservice store waits for a prompt) or remove it from the Docker config`)));
        }, timeoutMs);
        child.stdout?.on("data", (chunk) => stdout.push(chunk));
        child.stderr?.on("data", (chunk) => stderr.push(chunk));
        child.on("error", (error) => finish(() => reject(new Error(`credential helper ${program} could not be run: ${asError(error).message}`))));
        child.on("close", (code) => finish(() => resolve({
            exitCode: code ?? 1,
            stdout: Buffer.concat(stdout).toString("utf8"),
            stderr: Buffer.concat(stderr).toString("utf8"),
        })));
        child.stdin?.on("error", () => { });
        child.stdin?.end(serverUrl);
    });
}
function helperProgram(helper) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(helper)) {
        throw new Error(`credential helper name ${JSON.stringify(helper)} is not a plain program suffix`);
    }
    return `docker-credential-${helper}`;
}
function definedEnv(env) {
    return Object.fromEntries(Object.entries(env).filter((pair) => pair[1] !== undefined));
}
function isObject(value) {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

;// CONCATENATED MODULE: ../image-spec/src/exec.ts

/**
 * Runs a program with an argv array (never a shell string). Throws CommandError with the trimmed
 * stderr when it exits non-zero.
 */
async function runCommand(command, args, options = {}) {
    const result = await tryCommand(command, args, options);
    if (result.exitCode !== 0)
        throw new CommandError(command, result.exitCode, result.stderr.trim());
    return result;
}
/** Like runCommand but returns a non-zero exit code instead of throwing. */
async function tryCommand(command, args, options = {}) {
    if (options.output) {
        const { output } = options;
        output(`$ ${[command, ...args].join(" ")}\n`);
        return tryCommand(command, args, {
            ...options,
            output: undefined,
            silent: true,
            onStdout: (chunk) => {
                output(chunk);
                options.onStdout?.(chunk);
            },
            onStderr: (chunk) => {
                output(chunk);
                options.onStderr?.(chunk);
            },
        });
    }
    const { onStdout, onStderr } = options;
    const listeners = onStdout || onStderr
        ? {
            stdout: onStdout ? (data) => onStdout(data.toString()) : undefined,
            stderr: onStderr ? (data) => onStderr(data.toString()) : undefined,
        }
        : undefined;
    // Loaded on first use: @actions/exec brings child_process, @actions/io and assert, start-up that a
    // manifest-stitch run without a credential helper never needs.
    const { getExecOutput } = await __nccwpck_require__.e(/* import() */ 151).then(__nccwpck_require__.bind(__nccwpck_require__, 5151));
    return getExecOutput(command, [...args], {
        ignoreReturnCode: true,
        silent: options.silent ?? false,
        ...(options.cwd ? { cwd: options.cwd } : {}),
        ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
        ...(options.input !== undefined ? { input: Buffer.from(options.input) } : {}),
        ...(listeners ? { listeners } : {}),
    });
}

;// CONCATENATED MODULE: ../image-spec/src/oci.ts
/**
 * OCI image-spec and Docker manifest types, media types, a canonical JSON serialisation and sha256
 * digests: what a manifest list / index is made of, and how its bytes (and so its digest) are fixed.
 */

const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
const DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
/** Every manifest type a multi-arch tag can point at or be made of, for the `Accept` header. */
const oci_MANIFEST_MEDIA_TYPES = [
    OCI_INDEX,
    DOCKER_MANIFEST_LIST,
    OCI_MANIFEST,
    DOCKER_MANIFEST,
];
/** The annotation an OCI image layout's `index.json` names a tag with. */
const REF_NAME_ANNOTATION = "org.opencontainers.image.ref.name";
/** buildx marks attestation manifests in an index with these (platform `unknown/unknown`). */
const REFERENCE_TYPE_ANNOTATION = "vnd.docker.reference.type";
const REFERENCE_DIGEST_ANNOTATION = "vnd.docker.reference.digest";
const ATTESTATION_MANIFEST = "attestation-manifest";
/** True for an OCI index or a Docker manifest list. */
function isIndexMediaType(mediaType) {
    return mediaType === OCI_INDEX || mediaType === DOCKER_MANIFEST_LIST;
}
/** True for an OCI image manifest or a Docker v2 schema 2 manifest. */
function isImageManifestMediaType(mediaType) {
    return mediaType === OCI_MANIFEST || mediaType === DOCKER_MANIFEST;
}
/**
 * Deterministic JSON: object keys sorted by code point at every level, no white space, `undefined`
 * members dropped. The same value always gives the same bytes, so re-runs give the same digest.
 */
function canonicalJson(value) {
    return JSON.stringify(sortKeys(value));
}
function sortKeys(value) {
    if (Array.isArray(value))
        return value.map(sortKeys);
    if (value !== null && typeof value === "object") {
        const entries = Object.entries(value)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
    }
    return value;
}
/** Canonical JSON bytes (UTF-8) of a manifest or index. */
function canonicalBytes(value) {
    return Buffer.from(canonicalJson(value), "utf8");
}
/** `sha256:<hex>` of some bytes: the digest registries name content by. */
function oci_sha256Digest(bytes) {
    return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}
const DIGEST_RE = /^sha256:[a-f0-9]{64}$/;
/** True for a well-formed sha256 digest (the only algorithm registries use in practice). */
function oci_isDigest(reference) {
    return DIGEST_RE.test(reference);
}
/** `linux/arm64`, `linux/arm/v7`, `unknown/unknown`: a platform as people write it. */
function platformId(platform) {
    if (platform === undefined)
        return "unknown/unknown";
    return [platform.os, platform.architecture, platform.variant].filter(Boolean).join("/");
}
/** True for buildx's attestation entries (`unknown/unknown` with `vnd.docker.reference.type`). */
function isAttestation(descriptor) {
    return (descriptor.annotations?.[REFERENCE_TYPE_ANNOTATION] === ATTESTATION_MANIFEST ||
        (descriptor.platform?.os === "unknown" && descriptor.platform.architecture === "unknown"));
}
/** The media type a manifest's JSON says it is (its `mediaType` member), if any. */
function oci_declaredMediaType(bytes) {
    try {
        const parsed = JSON.parse(Buffer.from(bytes).toString("utf8"));
        return typeof parsed.mediaType === "string" ? parsed.mediaType : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * Bytes of an image as a registry stores and shows it: its config plus its (compressed) layers, not the
 * few hundred bytes of its manifest. For an index (buildx with provenance) the sum over its images,
 * attestations left out. `fetch` reads a manifest's bytes by digest.
 */
async function imageSize(descriptor, fetch) {
    const parsed = JSON.parse(Buffer.from(await fetch(descriptor.digest)).toString("utf8"));
    if (isIndexMediaType(descriptor.mediaType)) {
        const images = (parsed.manifests ?? []).filter((child) => !isAttestation(child));
        const sizes = await Promise.all(images.map((child) => imageSize(child, fetch)));
        return sizes.reduce((sum, size) => sum + size, 0);
    }
    const layers = (parsed.layers ?? []).reduce((sum, layer) => sum + layer.size, 0);
    return layers + (parsed.config?.size ?? 0);
}

;// CONCATENATED MODULE: ../image-spec/src/platform.ts


/** The default of every `platforms` input. */
const platform_DEFAULT_PLATFORMS = "linux/amd64,linux/arm64";
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
        throw new InputError(input, value, problem, fix);
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
function platform_parsePlatforms(value, input = "platforms") {
    const entries = parseList(value);
    if (entries.length === 0) {
        throw new InputError(input, value, "names no platform", `give at least one, e.g. ${platform_DEFAULT_PLATFORMS}`);
    }
    const errors = [];
    const platforms = [];
    for (const entry of entries) {
        try {
            const platform = parsePlatform(entry, input);
            if (platforms.some((p) => p.id === platform.id)) {
                errors.push(new InputError(input, entry, `repeats ${platform.id}`, "list each platform once"));
            }
            else {
                platforms.push(platform);
            }
        }
        catch (error) {
            if (error instanceof InputError)
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
function platform_parseRunners(value, input = "runners") {
    const result = new Map();
    const errors = [];
    for (const line of parseLines(value)) {
        const at = line.indexOf("=");
        const key = at > 0 ? line.slice(0, at).trim() : "";
        const labels = parseList(at > 0 ? line.slice(at + 1) : "");
        if (!key || labels.length === 0) {
            errors.push(new InputError(input, line, "is not platform=label", "write lines like linux/arm64=my-arm-runner"));
            continue;
        }
        const bad = labels.find((label) => !/^[A-Za-z0-9][A-Za-z0-9._ -]*$/.test(label));
        if (bad !== undefined) {
            errors.push(new InputError(input, line, `has an invalid runner label "${bad}"`, "use a runner label or group name"));
            continue;
        }
        let id = key;
        if (key !== "default") {
            try {
                id = parsePlatform(key, input).id;
            }
            catch (error) {
                if (error instanceof InputError)
                    errors.push(error);
                else
                    throw error;
                continue;
            }
        }
        if (result.has(id)) {
            errors.push(new InputError(input, line, `sets ${id} twice`, "keep one line per platform"));
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
function platform_chooseRunner(platform, runners) {
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

;// CONCATENATED MODULE: ../image-spec/src/tag.ts



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
    const hash = createHash("sha256").update(raw).digest("hex").slice(0, 8);
    return `${cleaned.slice(0, maxLength - hash.length - 1).replace(/[.-]+$/, "")}-${hash}`;
}
/**
 * Validates a tag a person typed. `suffixLength` is the length of the longest `-<arch>` that will be
 * appended (0 for `latest*` tags, which get no arch variants).
 */
function validateTag(tag, input, suffixLength) {
    if (!TAG_RE.test(tag)) {
        throw new InputError(input, tag, "is not a valid tag", "use letters, digits, '_', '.' and '-', not starting with '.' or '-'");
    }
    const longest = tag.length + suffixLength;
    if (longest > MAX_TAG_LENGTH) {
        const room = MAX_TAG_LENGTH - suffixLength;
        const withSuffix = suffixLength > 0 ? " with its architecture suffix" : "";
        throw new InputError(input, tag, `is ${longest} characters long${withSuffix}; registries allow ${MAX_TAG_LENGTH}`, `shorten it to at most ${room} characters`);
    }
    return tag;
}
/**
 * Resolves `tag` and `additional-tags` against the GitHub context. An explicit value that is not a
 * valid tag is an error (never silently changed); a derived one is sanitised.
 */
function tag_resolveTags(options, context) {
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
            problems.add(new InputError("tag", "", `is empty and no tag can be derived from GITHUB_REF=${JSON.stringify(context.ref)}`, "set the tag input"));
        }
        else if (tag !== derived.raw) {
            warnings.push(`tag: "${derived.raw}" from the ${source} is not a valid tag; using "${tag}"`);
        }
    }
    if (tag && isLatestTag(tag)) {
        problems.add(new InputError("tag", tag, "is a latest* tag, which gets no per-architecture variants, so nothing could be built under it", "use a version or branch as tag and put latest tags in additional-tags"));
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

;// CONCATENATED MODULE: ../image-spec/src/plan.ts




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
        problems.add(new InputError("platforms", options.platforms ?? "", `names ${platforms.length} platforms, more than the ${maxPlatforms} one run can build (max-platforms)`, `build at most ${maxPlatforms}; for more, wire the actions into a workflow of your own (the README's "actions a la carte"), which has no such limit`));
    }
    const longestSuffix = Math.max(...(platforms ?? parsePlatformsLenient()).map((p) => p.suffix.length));
    const tags = problems.attempt(() => resolveTags({ tag: options.tag ?? "", additionalTags: options.additionalTags ?? "", longestSuffix }, context));
    if (runners && platforms) {
        for (const key of runners.keys()) {
            if (key !== "default" && !platforms.some((p) => p.id === key)) {
                problems.add(new InputError("runners", key, "names a platform that is not built", "remove it or add it to platforms"));
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
            refs: images.flatMap((image) => tags.archTagBases.map((t) => `${image.name}:${archTag(t, platform.suffix)}`)),
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
        throw new InputError("max-platforms", value, "is not a whole number from 1", "write e.g. 16, or leave it empty");
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

;// CONCATENATED MODULE: ../image-spec/src/registry/challenge.ts
const TOKEN = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/y;
/**
 * Parses every challenge of one or more `WWW-Authenticate` header values (RFC 9110 §11.6.1):
 * `Basic realm="x", Bearer realm="https://auth.example/token",service="reg",scope="repository:a/b:pull"`.
 * Quoted values may hold commas and backslash escapes; a missing parameter is simply absent. Token68
 * credentials (`Negotiate abc==`) are skipped. Never throws: garbage yields what could be read.
 */
function parseChallenges(header) {
    if (header === undefined)
        return [];
    const values = typeof header === "string" ? [header] : header;
    return values.flatMap(parseOne);
}
function parseOne(text) {
    const challenges = [];
    let pos = 0;
    const skip = (chars) => {
        while (pos < text.length && chars.test(text.charAt(pos)))
            pos++;
    };
    const token = () => {
        TOKEN.lastIndex = pos;
        const match = TOKEN.exec(text);
        if (!match)
            return undefined;
        pos = TOKEN.lastIndex;
        return match[0];
    };
    while (pos < text.length) {
        skip(/[\s,]/);
        const name = token();
        if (name === undefined) {
            pos++; // Not a token: skip one character and resynchronise.
            continue;
        }
        skip(/[ \t]/);
        const current = challenges[challenges.length - 1];
        if (text.charAt(pos) === "=" && current !== undefined) {
            pos++;
            skip(/[ \t]/);
            current.params[name.toLowerCase()] = readValue();
        }
        else {
            challenges.push({ scheme: name.toLowerCase(), params: {} });
            // A token68 (`Negotiate abc==`) follows the scheme without `key=`: skip it.
            const save = pos;
            const next = token();
            if (next !== undefined && text.charAt(pos) === "=" && /^=*\s*(?:,|$)/.test(text.slice(pos))) {
                skip(/=/);
            }
            else {
                pos = save;
            }
        }
    }
    return challenges;
    function readValue() {
        if (text.charAt(pos) !== '"') {
            // RFC 9110 wants a token here; registries send bare URLs too, so read up to the next separator.
            const start = pos;
            while (pos < text.length && !/[\s,]/.test(text.charAt(pos)))
                pos++;
            return text.slice(start, pos);
        }
        pos++;
        let value = "";
        while (pos < text.length && text.charAt(pos) !== '"') {
            if (text.charAt(pos) === "\\" && pos + 1 < text.length)
                pos++;
            value += text.charAt(pos);
            pos++;
        }
        pos++; // closing quote
        return value;
    }
}
/** The challenge a client should answer: Bearer before Basic; undefined when there is neither. */
function preferredChallenge(challenges) {
    return challenges.find((c) => c.scheme === "bearer") ?? challenges.find((c) => c.scheme === "basic");
}

;// CONCATENATED MODULE: ../image-spec/src/registry/errors.ts
/**
 * The codes the client gives a RegistryError itself, kept apart from a registry's own codes
 * (`MANIFEST_UNKNOWN`, `DENIED`, `UNAUTHORIZED`, which the registry's answer names) and from the
 * network's errno codes (`ECONNRESET`, `ETIMEDOUT`, which a TransportError carries).
 */
const errors_ClientCode = {
    /**
     * Not sent: the overall deadline had passed (or passed while the request waited for its turn). A
     * retry loop reports the failure before such a one, when there was one (it names the cause).
     */
    DEADLINE: "DEADLINE",
    /** A manifest read by digest whose bytes have another digest. */
    DIGEST_MISMATCH: "DIGEST_MISMATCH",
    /** A 401 whose WWW-Authenticate names neither Basic nor a Bearer realm. */
    UNSUPPORTED_AUTH: "UNSUPPORTED_AUTH",
    /** A token endpoint's 200 that is not JSON or holds no token. */
    BAD_TOKEN_ANSWER: "BAD_TOKEN_ANSWER",
};
/**
 * A failed registry operation. Its message names the registry, the operation and the status, e.g.
 * `ghcr.io: HEAD manifest ghcr.io/org/app:1.0-amd64 answered 503 Service Unavailable (UNAVAILABLE: try
 * later) after 5 tries`, so an `::error` built from it says who failed, doing what, and how.
 */
class errors_RegistryError extends Error {
    name = "RegistryError";
    host;
    operation;
    status;
    code;
    detail;
    retryAfterMs;
    /** Tries made before giving up (set by the client's retry loop). */
    attempts = 1;
    /** The overall deadline, not this failure, ended the tries (set by the client's retry loop). */
    stoppedByDeadline = false;
    constructor(init) {
        super("", init.cause === undefined ? undefined : { cause: init.cause });
        this.host = init.host;
        this.operation = init.operation;
        this.status = init.status;
        this.code = init.code;
        this.detail = init.detail ?? "";
        this.retryAfterMs = init.retryAfterMs;
        this.message = this.describe();
    }
    /** Records how many tries were made and says so in the message. */
    afterAttempts(attempts) {
        this.attempts = attempts;
        this.message = this.describe();
        return this;
    }
    /** Records that the overall deadline left no time for another try, and says so in the message. */
    deadlineStopped() {
        this.stoppedByDeadline = true;
        this.message = this.describe();
        return this;
    }
    describe() {
        const outcome = this.status === undefined
            ? `failed: ${[this.code, this.detail].filter(Boolean).join(" ") || "no answer"}`
            : `answered ${this.status} ${STATUS_TEXT[this.status] ?? ""}`.trimEnd() +
                (this.code || this.detail ? ` (${[this.code, this.detail].filter(Boolean).join(": ")})` : "");
        const tries = this.attempts > 1 ? ` after ${this.attempts} tries` : "";
        const stopped = this.stoppedByDeadline ? "; the overall deadline stopped further tries" : "";
        return `${this.host}: ${this.operation} ${outcome}${tries}${stopped}`;
    }
}
/**
 * The registry gave no HTTP answer at all (refused, reset, timed out, a TLS or DNS failure, or the
 * client's own deadline before sending): logging in again would not help.
 */
function isUnreachable(error) {
    return error instanceof errors_RegistryError && error.status === undefined;
}
/**
 * The one "log in first" error: a registry (or its token endpoint) refused a request made without
 * credentials. `said` is the registry's own words, when it gave any.
 */
function notLoggedIn(init) {
    const advice = "log in to it first (docker login or multi-registry-login)";
    return new errors_RegistryError({
        host: init.host,
        operation: init.operation,
        status: init.status,
        code: init.code ?? "UNAUTHORIZED",
        detail: init.said === undefined
            ? `no credentials for ${init.host}; ${advice}`
            : `${init.said || "refused"}; no credentials for ${init.host}: ${advice}`,
    });
}
const STATUS_TEXT = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    408: "Request Timeout",
    413: "Payload Too Large",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
};
/**
 * The first `{code, message, detail}` of a distribution error body (`{"errors":[…]}`), else the
 * body's text (trimmed, cut to 300 characters) as the message.
 */
function parseErrorBody(body) {
    const text = body.toString().trim();
    if (text === "")
        return { message: "" };
    try {
        const parsed = JSON.parse(text);
        const first = parsed.errors?.[0];
        if (first) {
            const detail = typeof first.detail === "string" ? first.detail : "";
            const message = [typeof first.message === "string" ? first.message : "", detail]
                .filter(Boolean)
                .join(": ");
            return typeof first.code === "string" ? { code: first.code, message } : { message };
        }
        // OAuth2 token endpoints answer {"error":"invalid_grant","error_description":"…"}.
        if (typeof parsed.error === "string") {
            const message = typeof parsed.error_description === "string" ? parsed.error_description : "";
            return { code: parsed.error, message };
        }
        if (typeof parsed.details === "string")
            return { message: parsed.details };
    }
    catch {
        // Not JSON: fall through to the raw text.
    }
    return { message: text.length > 300 ? `${text.slice(0, 300)}…` : text };
}

;// CONCATENATED MODULE: ../image-spec/src/registry/auth.ts


/** The HostAuth a challenge asks for; undefined when it names neither Basic nor a Bearer realm. */
function hostAuthFrom(challenges) {
    const challenge = preferredChallenge(challenges);
    if (challenge === undefined)
        return undefined;
    if (challenge.scheme === "basic")
        return { scheme: "basic" };
    const { realm, service } = challenge.params;
    if (!realm)
        return undefined;
    return service ? { scheme: "bearer", realm, service } : { scheme: "bearer", realm };
}
/** The HostAuth of a 401 answer's `WWW-Authenticate` header(s). */
function hostAuthOfAnswer(answer) {
    return hostAuthFrom(parseChallenges(answer.headers["www-authenticate"]));
}
/** `repository:<path>:pull` or `…:pull,push`: the scope a token for one repository is asked for. */
function auth_repositoryScope(path, push) {
    return `repository:${path}:${push ? "pull,push" : "pull"}`;
}
/** `Basic base64(user:password)`; undefined without a username or password. */
function basicAuthorization(credentials) {
    if (!credentials)
        return undefined;
    const password = credentials.password ?? credentials.identityToken;
    if (credentials.username === undefined && password === undefined)
        return undefined;
    return `Basic ${Buffer.from(`${credentials.username ?? ""}:${password ?? ""}`).toString("base64")}`;
}
/**
 * With an identity token: the OAuth2 `refresh_token` grant as a form POST (as docker does). Otherwise
 * a GET with `service` and `scope` and, when there are credentials, Basic auth. `scope` undefined asks
 * for a scope-less token (what `docker login` does to check credentials).
 */
function tokenRequest(auth, scope, credentials, grant = credentials?.identityToken ? "oauth" : "basic") {
    const url = new URL(auth.realm);
    if (grant === "oauth" && credentials?.identityToken) {
        const form = new URLSearchParams({
            grant_type: "refresh_token",
            refresh_token: credentials.identityToken,
            client_id: "multiplatform-build-and-push",
        });
        if (auth.service)
            form.set("service", auth.service);
        if (scope)
            form.set("scope", scope);
        return {
            method: "POST",
            url,
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: form.toString(),
        };
    }
    if (auth.service)
        url.searchParams.set("service", auth.service);
    if (scope)
        url.searchParams.set("scope", scope);
    const authorization = basicAuthorization(credentials);
    return { method: "GET", url, headers: authorization ? { authorization } : {} };
}
/** Reads a token endpoint's answer (`token` and/or `access_token`, `expires_in`). */
function parseTokenAnswer(body, host, operation) {
    let parsed;
    try {
        parsed = JSON.parse(body.toString("utf8"));
    }
    catch {
        throw new errors_RegistryError({
            host,
            operation,
            code: errors_ClientCode.BAD_TOKEN_ANSWER,
            detail: "the answer is not JSON",
        });
    }
    const value = typeof parsed.token === "string" && parsed.token
        ? parsed.token
        : typeof parsed.access_token === "string"
            ? parsed.access_token
            : "";
    if (!value) {
        throw new errors_RegistryError({
            host,
            operation,
            code: errors_ClientCode.BAD_TOKEN_ANSWER,
            detail: "the answer has no token",
        });
    }
    const expires = typeof parsed.expires_in === "number" && parsed.expires_in > 0 ? parsed.expires_in : 60;
    return { value, expiresInS: expires };
}
/**
 * What a Bearer token's JWT `access` claim (Docker Hub, Harbor, distribution's token servers) says
 * about pushing to one repository: true or false, or undefined when the token is not a JWT with
 * such a claim (GHCR's and most clouds' tokens are opaque) and only trying can tell.
 */
function tokenGrantsPush(token, path) {
    const parts = token.split(".");
    if (parts.length !== 3 || !parts[1])
        return undefined;
    let claims;
    try {
        claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
    }
    catch {
        return undefined;
    }
    if (!Array.isArray(claims.access))
        return undefined;
    return claims.access.some((entry) => {
        if (entry?.type !== "repository" || entry.name !== path || !Array.isArray(entry.actions))
            return false;
        return entry.actions.includes("push") || entry.actions.includes("*");
    });
}

;// CONCATENATED MODULE: ../image-spec/src/registry/credentials.ts
/** A resolver that always answers "anonymous". */
const anonymousCredentials = async () => undefined;
/** A resolver over a fixed host → credentials table (tests, or values taken from inputs). */
function staticCredentials(table) {
    return async (host) => table[host];
}
/** True when the credentials carry anything that can authenticate. */
function hasCredentials(credentials) {
    return Boolean(credentials &&
        (credentials.username ||
            credentials.password ||
            credentials.identityToken ||
            credentials.registryToken));
}

;// CONCATENATED MODULE: ../image-spec/src/retry.ts
/** regclient's shape (5 tries, 0.1 s growing ×2 up to 30 s) under a two-minute deadline. */
const DEFAULT_RETRY_POLICY = {
    attempts: 5,
    baseDelayMs: 100,
    maxDelayMs: 30_000,
    deadlineMs: 120_000,
};
/** Delay before try `attempt + 1` (attempt counts from 1): jitter over the upper half of base × 2^(attempt-1). */
function backoffDelay(attempt, policy, random = Math.random) {
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
// Jitter added on top of a rate limit's wait is at most this: enough to spread 40 jobs told
// "Retry-After: 1" over a second, not so much that a long Retry-After doubles.
const MAX_RATE_LIMIT_JITTER_MS = 1_000;
/**
 * Delay before the next try after the `limited`-th rate-limited answer: what the server asked for
 * (or, without Retry-After, the backoff for that many tries), plus jitter of up to as much again
 * (at least the base delay, at most a second), so that many clients told the same Retry-After do
 * not all come back in the same millisecond.
 */
function rateLimitDelay(afterMs, limited, policy, random = Math.random) {
    const floor = afterMs ?? backoffDelay(limited, policy, random);
    const spread = Math.min(MAX_RATE_LIMIT_JITTER_MS, Math.max(floor, policy.baseDelayMs));
    return Math.round(floor + random() * spread);
}
/**
 * Runs `operation` until it succeeds, a failure is classified as final, the transient tries run out
 * or the next try would start after the deadline. The loop ends with the last failure that names a
 * cause, unchanged: a try that could not start for the deadline (`notStarted`) leaves the one before
 * it, and a sleep that wakes after the deadline (a busy machine) starts no try.
 */
async function withRetries(operation, hooks, policy = DEFAULT_RETRY_POLICY) {
    const now = hooks.now ?? Date.now;
    const sleep = hooks.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const deadline = now() + policy.deadlineMs;
    const stopped = (error) => {
        hooks.onDeadline?.(error);
        return error;
    };
    let failed = 0;
    let limited = 0;
    let previous;
    for (let attempt = 1;; attempt++) {
        try {
            return await operation(attempt);
        }
        catch (error) {
            const decision = hooks.classify(error);
            if (!decision.retry) {
                if (decision.notStarted && previous)
                    throw stopped(previous.error);
                throw error;
            }
            previous = { error };
            const rateLimited = decision.rateLimited === true;
            let delayMs;
            if (rateLimited) {
                limited++;
                delayMs = rateLimitDelay(decision.afterMs, limited, policy, hooks.random);
            }
            else {
                failed++;
                if (failed >= policy.attempts)
                    throw error;
                delayMs = Math.max(decision.afterMs ?? 0, backoffDelay(failed, policy, hooks.random));
            }
            if (now() + delayMs > deadline)
                throw stopped(error);
            hooks.onRetry?.({ attempt, delayMs, reason: decision.reason, rateLimited, error });
            await sleep(delayMs);
            if (now() > deadline)
                throw stopped(error);
        }
    }
}

;// CONCATENATED MODULE: ../image-spec/src/registry/limiter.ts
/**
 * Requests one client (one run) has in flight to one registry host at most.
 *
 * Why 4: a stitch needs at most one request per source and one per tag at a time, and its critical
 * path has no step wider than "every source" or "every alias" (2–4 for a usual 2-platform, 3-tag run),
 * so 4 costs a usual run no round trip; Docker pushes 5 layers at a time by default
 * (`max-concurrent-uploads`) and regclient holds 3 requests per host, so registries are used to
 * this much. A run with 3 images × 5 tags in one registry then queues its 15 PUTs 4 at a time instead
 * of sending them at once, and 40 such runs on a release day offer a rate-limited registry 160
 * requests at a time, not 600.
 */
const MAX_IN_FLIGHT_PER_HOST = 4;
/**
 * A per-host gate for one run's requests: at most `max` in flight per host, first come first served,
 * and a shared backoff. After a rate limit from a host, every request of this run to that host waits
 * for the pause the host asked for (not only the one that was told), and the host's window is halved
 * (once per pause), then grows back by one after each window's worth of calm answers.
 */
class HostLimiter {
    max;
    now;
    hosts = new Map();
    constructor(max = MAX_IN_FLIGHT_PER_HOST, now = Date.now) {
        this.max = max;
        this.now = now;
    }
    /**
     * Waits for a turn at `host`; resolves with the function that ends the turn. Rejects with
     * `onDeadline()` when no turn comes before `deadline` (epoch ms), at once if the deadline has
     * passed (no request starts after it) or the host's pause already runs past it.
     */
    acquire(host, deadline, onDeadline) {
        const state = this.state(host);
        if (deadline !== undefined && Math.max(this.now(), state.pausedUntil) >= deadline) {
            return Promise.reject(onDeadline());
        }
        if (state.queue.length === 0 && this.free(state))
            return Promise.resolve(this.take(host, state));
        return new Promise((resolve, reject) => {
            const waiter = { resolve, reject, deadline, onDeadline };
            if (deadline !== undefined) {
                waiter.timer = setTimeout(() => {
                    const at = state.queue.indexOf(waiter);
                    if (at >= 0)
                        state.queue.splice(at, 1);
                    reject(onDeadline());
                }, Math.max(0, deadline - this.now()));
            }
            state.queue.push(waiter);
            this.pump(host, state);
        });
    }
    /**
     * A rate-limit answer from `host`: hold its requests for `pauseMs` and narrow its window. Queued
     * requests whose deadline comes before the pause ends fail now rather than wait for a turn that
     * cannot come.
     */
    slowDown(host, pauseMs) {
        const state = this.state(host);
        const now = this.now();
        if (state.pausedUntil <= now) {
            state.window = Math.max(1, Math.floor(state.window / 2));
            state.calm = 0;
        }
        state.pausedUntil = Math.max(state.pausedUntil, now + pauseMs);
        for (const waiter of [...state.queue]) {
            if (waiter.deadline === undefined || waiter.deadline > state.pausedUntil)
                continue;
            state.queue.splice(state.queue.indexOf(waiter), 1);
            if (waiter.timer !== undefined)
                clearTimeout(waiter.timer);
            waiter.reject(waiter.onDeadline());
        }
    }
    /** An answer that was not a rate limit: after a window's worth in a row, widen the window by one. */
    calm(host) {
        const state = this.state(host);
        if (state.window >= this.max)
            return;
        state.calm++;
        if (state.calm >= state.window) {
            state.window++;
            state.calm = 0;
            this.pump(host, state);
        }
    }
    /** Requests now in flight to `host`, and how many may be (for tests and debug logs). */
    describe(host) {
        const state = this.state(host);
        return { inFlight: state.inFlight, window: state.window, queued: state.queue.length };
    }
    state(host) {
        let state = this.hosts.get(host);
        if (state === undefined) {
            state = { inFlight: 0, window: this.max, calm: 0, pausedUntil: 0, queue: [] };
            this.hosts.set(host, state);
        }
        return state;
    }
    free(state) {
        return state.inFlight < state.window && state.pausedUntil <= this.now();
    }
    take(host, state) {
        state.inFlight++;
        let done = false;
        return () => {
            if (done)
                return;
            done = true;
            state.inFlight--;
            this.pump(host, state);
        };
    }
    pump(host, state) {
        while (state.queue.length > 0 && this.free(state)) {
            const waiter = state.queue.shift();
            if (waiter.timer !== undefined)
                clearTimeout(waiter.timer);
            waiter.resolve(this.take(host, state));
        }
        const wait = state.pausedUntil - this.now();
        if (state.queue.length > 0 && wait > 0 && state.wake === undefined) {
            state.wake = setTimeout(() => {
                state.wake = undefined;
                this.pump(host, state);
            }, wait);
        }
    }
}

;// CONCATENATED MODULE: external "node:http"
const external_node_http_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");
var external_node_http_default = /*#__PURE__*/__nccwpck_require__.n(external_node_http_namespaceObject);
;// CONCATENATED MODULE: external "node:https"
const external_node_https_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");
var external_node_https_default = /*#__PURE__*/__nccwpck_require__.n(external_node_https_namespaceObject);
;// CONCATENATED MODULE: external "node:stream"
const external_node_stream_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");
;// CONCATENATED MODULE: external "node:tls"
const external_node_tls_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");
var external_node_tls_default = /*#__PURE__*/__nccwpck_require__.n(external_node_tls_namespaceObject);
;// CONCATENATED MODULE: ../../node_modules/.pnpm/proxy-from-env@2.1.0/node_modules/proxy-from-env/index.js


var DEFAULT_PORTS = {
  ftp: 21,
  gopher: 70,
  http: 80,
  https: 443,
  ws: 80,
  wss: 443,
};

function parseUrl(urlString) {
  try {
    return new URL(urlString);
  } catch {
    return null;
  }
}

/**
 * @param {string|object|URL} url - The URL as a string or URL instance, or a
 *   compatible object (such as the result from legacy url.parse).
 * @return {string} The URL of the proxy that should handle the request to the
 *  given URL. If no proxy is set, this will be an empty string.
 */
function getProxyForUrl(url) {
  var parsedUrl = (typeof url === 'string' ? parseUrl(url) : url) || {};
  var proto = parsedUrl.protocol;
  var hostname = parsedUrl.host;
  var port = parsedUrl.port;
  if (typeof hostname !== 'string' || !hostname || typeof proto !== 'string') {
    return '';  // Don't proxy URLs without a valid scheme or host.
  }

  proto = proto.split(':', 1)[0];
  // Stripping ports in this way instead of using parsedUrl.hostname to make
  // sure that the brackets around IPv6 addresses are kept.
  hostname = hostname.replace(/:\d*$/, '');
  port = parseInt(port) || DEFAULT_PORTS[proto] || 0;
  if (!shouldProxy(hostname, port)) {
    return '';  // Don't proxy URLs that match NO_PROXY.
  }

  var proxy = getEnv(proto + '_proxy') || getEnv('all_proxy');
  if (proxy && proxy.indexOf('://') === -1) {
    // Missing scheme in proxy, default to the requested URL's scheme.
    proxy = proto + '://' + proxy;
  }
  return proxy;
}

/**
 * Determines whether a given URL should be proxied.
 *
 * @param {string} hostname - The host name of the URL.
 * @param {number} port - The effective port of the URL.
 * @returns {boolean} Whether the given URL should be proxied.
 * @private
 */
function shouldProxy(hostname, port) {
  var NO_PROXY = getEnv('no_proxy').toLowerCase();
  if (!NO_PROXY) {
    return true;  // Always proxy if NO_PROXY is not set.
  }
  if (NO_PROXY === '*') {
    return false;  // Never proxy if wildcard is set.
  }

  return NO_PROXY.split(/[,\s]/).every(function(proxy) {
    if (!proxy) {
      return true;  // Skip zero-length hosts.
    }
    var parsedProxy = proxy.match(/^(.+):(\d+)$/);
    var parsedProxyHostname = parsedProxy ? parsedProxy[1] : proxy;
    var parsedProxyPort = parsedProxy ? parseInt(parsedProxy[2]) : 0;
    if (parsedProxyPort && parsedProxyPort !== port) {
      return true;  // Skip if ports don't match.
    }

    if (!/^[.*]/.test(parsedProxyHostname)) {
      // No wildcards, so stop proxying if there is an exact match.
      return hostname !== parsedProxyHostname;
    }

    if (parsedProxyHostname.charAt(0) === '*') {
      // Remove leading wildcard.
      parsedProxyHostname = parsedProxyHostname.slice(1);
    }
    // Stop proxying if the hostname ends with the no_proxy host.
    return !hostname.endsWith(parsedProxyHostname);
  });
}

/**
 * Get the value for an environment variable.
 *
 * @param {string} key - The name of the environment variable.
 * @return {string} The value of the environment variable.
 * @private
 */
function getEnv(key) {
  return process.env[key.toLowerCase()] || process.env[key.toUpperCase()] || '';
}

;// CONCATENATED MODULE: ../image-spec/src/registry/trust.ts
/**
 * Which certificate authorities a registry connection trusts, the way docker and containers/image
 * do: Node's bundled roots, the system store, `NODE_EXTRA_CA_CERTS`, and per registry the `*.crt`
 * files of `/etc/docker/certs.d/<host[:port]>/` and `/etc/containers/certs.d/<host[:port]>/`.
 */



/** Where per-registry CA files are looked for, in this order. */
const DEFAULT_CERTS_DIRS = ["/etc/docker/certs.d", "/etc/containers/certs.d"];
/**
 * The certs.d roots: `MBP_REGISTRY_CERTS_DIRS` (colon-separated) when set, else the defaults. The
 * variable lets a rootless runner (or a test) keep its registry CAs elsewhere.
 */
function certsDirs(env = process.env) {
    const value = env.MBP_REGISTRY_CERTS_DIRS?.trim();
    if (!value)
        return DEFAULT_CERTS_DIRS;
    return value.split(":").filter((dir) => dir !== "");
}
// Debian/Ubuntu, Fedora/RHEL, Alpine/macOS-like, openSUSE: the first that exists is the system store.
const SYSTEM_BUNDLES = [
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/cert.pem",
    "/etc/ssl/ca-bundle.pem",
];
let extraCache;
/**
 * The CAs to trust beyond Node's default store (its bundled roots and `NODE_EXTRA_CA_CERTS`): the
 * system store's certificates that are not among the bundled roots, read once. Node 22.15+/24 name
 * the system store through `tls.getCACertificates("system")`; on Node 20 it is the distribution's
 * bundle file. Only these few (a corporate CA, a distribution's additions) are parsed again per
 * secure context, so trusting the system store costs milliseconds, not the whole list.
 */
function extraCertificates(env = process.env) {
    if (extraCache)
        return extraCache;
    const get = (external_node_tls_default()).getCACertificates;
    const known = new Set();
    let system = [];
    if (typeof get === "function") {
        for (const pem of safely(() => get("default")))
            known.add(normalise(pem));
        system = safely(() => get("system"));
    }
    else {
        for (const pem of (external_node_tls_default()).rootCertificates)
            known.add(normalise(pem));
        for (const path of SYSTEM_BUNDLES) {
            const text = readQuietly(path);
            if (text) {
                system = pemBlocks(text);
                break;
            }
        }
    }
    const extra = env.NODE_EXTRA_CA_CERTS?.trim();
    const found = [...(extra ? pemBlocks(readQuietly(extra)) : []), ...system];
    const seen = new Set();
    extraCache = found.filter((pem) => {
        const key = normalise(pem);
        if (known.has(key) || seen.has(key))
            return false;
        seen.add(key);
        return true;
    });
    return extraCache;
}
const contexts = new Map();
/**
 * A verifying secure context trusting Node's default store, the extra certificates and `own` (a
 * host's certs.d files), shared by every host with the same `own` (most have none).
 */
function trustingContext(own) {
    const key = own.join("\n");
    let context = contexts.get(key);
    if (context)
        return context;
    const extra = [...extraCertificates(), ...own];
    const native = external_node_tls_default().createSecureContext();
    const add = native.context?.addCACert;
    if (typeof add === "function") {
        // Adds to a copy of the default store (bundled roots and NODE_EXTRA_CA_CERTS stay trusted).
        for (const pem of extra)
            add.call(native.context, pem);
        context = native;
    }
    else {
        context = external_node_tls_default().createSecureContext({ ca: [...(external_node_tls_default()).rootCertificates, ...extra] });
    }
    contexts.set(key, context);
    return context;
}
let unverified;
/**
 * The secure context of a host whose certificate is not verified (an insecure registry, a loopback
 * address): no CA at all. Node's default context would first load its ~140 bundled roots (20–50 ms
 * of CPU, more than the rest of a loopback stitch's requests together) only for nothing to be checked
 * against them. Shared: it holds nothing host-specific.
 */
function unverifiedContext() {
    unverified ??= external_node_tls_default().createSecureContext({ ca: [] });
    return unverified;
}
/** The `*.crt` files of `<root>/<host>/` under each certs.d root, with their PEM contents. */
function hostCertificates(host, roots) {
    const files = [];
    const certificates = [];
    for (const root of roots) {
        const dir = (0,external_node_path_.join)(root, host);
        let names;
        try {
            names = (0,external_node_fs_.readdirSync)(dir).filter((name) => name.endsWith(".crt"));
        }
        catch {
            continue;
        }
        for (const name of names.sort()) {
            const path = (0,external_node_path_.join)(dir, name);
            const blocks = pemBlocks(readQuietly(path));
            if (blocks.length === 0)
                continue;
            files.push(path);
            certificates.push(...blocks);
        }
    }
    return { files, certificates };
}
/** Node's TLS error codes for a certificate that does not verify (unknown CA, self-signed, expired, wrong name). */
const CERTIFICATE_CODES = new Set([
    "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    "UNABLE_TO_GET_ISSUER_CERT",
    "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
    "SELF_SIGNED_CERT_IN_CHAIN",
    "DEPTH_ZERO_SELF_SIGNED_CERT",
    "CERT_HAS_EXPIRED",
    "CERT_NOT_YET_VALID",
    "CERT_UNTRUSTED",
    "CERT_SIGNATURE_FAILURE",
    "CERT_REVOKED",
    "INVALID_CA",
    "ERR_TLS_CERT_ALTNAME_INVALID",
]);
/** True for an error code that means the server's certificate was not trusted. */
function isCertificateError(code) {
    return code !== undefined && CERTIFICATE_CODES.has(code);
}
/** Where a CA for `host` can go, for messages. */
function whereCaGoes(host, roots = certsDirs()) {
    const dirs = roots.map((root) => `${(0,external_node_path_.join)(root, host)}/ca.crt`).join(" or ");
    return `put the CA certificate that signed it in ${dirs}, add it to the system CA store, or name it in NODE_EXTRA_CA_CERTS; only for a test registry, list ${host} in insecure-registries instead`;
}
function normalise(pem) {
    return pem.replace(/\s+/g, "");
}
function pemBlocks(text) {
    return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}
function readQuietly(path) {
    try {
        return (0,external_node_fs_.readFileSync)(path, "utf8");
    }
    catch {
        return "";
    }
}
function safely(read) {
    try {
        return read();
    }
    catch {
        return [];
    }
}

;// CONCATENATED MODULE: ../image-spec/src/registry/transport.ts
/// <reference path="./proxy-from-env.d.ts" />







/** A network-level failure (no HTTP answer): carries a Node error code like ECONNRESET or ETIMEDOUT. */
class TransportError extends Error {
    code;
    name = "TransportError";
    constructor(code, message, options) {
        super(message, options);
        this.code = code;
    }
}
const DEFAULT_MAX_BODY = 8 * 1024 * 1024;
const MAX_REDIRECTS = 3;
const AGENT_OPTIONS = { keepAlive: true, maxSockets: 16 };
/**
 * `node:http`/`node:https` with keep-alive agents. Not the global fetch: its first call costs about
 * 150 ms of start-up on Node 20, which dominates a run that makes a dozen small requests.
 *
 * Honours HTTPS_PROXY / HTTP_PROXY / ALL_PROXY / NO_PROXY (either case; matching by proxy-from-env;
 * loopback addresses never go through a proxy, as in Go): HTTPS through a CONNECT tunnel, HTTP as an
 * absolute-form request to the proxy. Trusts the system store and the host's certs.d CAs besides
 * Node's own (see trust.ts).
 */
class Transport {
    httpAgent = new (external_node_http_default()).Agent(AGENT_OPTIONS);
    /** One HTTPS agent per host: each has its own CA set, verification and proxy. */
    httpsAgents = new Map();
    skipVerify;
    roots;
    constructor(options = {}) {
        this.skipVerify = options.skipVerify ?? image_isLoopbackHost;
        this.roots = options.certsDirs ?? certsDirs();
    }
    async request(request) {
        let url = request.url;
        let headers = { ...request.headers };
        for (let hop = 0;; hop++) {
            const answer = await this.once({ ...request, url, headers });
            const location = answer.headers.location;
            const redirect = [301, 302, 303, 307, 308].includes(answer.status) && location;
            if (!redirect || hop >= MAX_REDIRECTS || !["GET", "HEAD"].includes(request.method))
                return answer;
            const next = new URL(location, url);
            // Credentials go to the host they were meant for, never to a redirect target elsewhere, and
            // never in clear text after starting on HTTPS.
            if (next.host !== url.host || (url.protocol === "https:" && next.protocol !== "https:")) {
                const { authorization: _dropped, ...rest } = headers;
                headers = rest;
            }
            url = next;
        }
    }
    /** Closes idle keep-alive sockets so the process can exit at once. */
    close() {
        this.httpAgent.destroy();
        for (const agent of this.httpsAgents.values())
            agent.destroy();
        this.httpsAgents.clear();
    }
    once(request) {
        const { url } = request;
        const isHttps = url.protocol === "https:";
        if (!isHttps && url.protocol !== "http:") {
            return Promise.reject(new TransportError("EPROTO", `unsupported URL scheme in ${url.href}`));
        }
        const body = request.body === undefined
            ? undefined
            : typeof request.body === "string"
                ? Buffer.from(request.body)
                : Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength);
        const headers = { ...request.headers };
        if (body !== undefined)
            headers["content-length"] = String(body.length);
        const maxBody = request.maxBodyBytes ?? DEFAULT_MAX_BODY;
        const proxy = proxyFor(url);
        request.onSend?.(url);
        return new Promise((resolve, reject) => {
            let req;
            if (isHttps) {
                req = external_node_https_default().request(url, { method: request.method, headers, agent: this.httpsAgent(url, proxy) });
            }
            else if (proxy) {
                // Absolute-form request line to the proxy (RFC 9112 §3.2.2).
                const proxyAuth = proxyAuthorization(proxy);
                req = (proxy.protocol === "https:" ? (external_node_https_default()) : (external_node_http_default())).request({
                    host: proxy.hostname.replace(/^\[|\]$/g, ""),
                    port: proxy.port || (proxy.protocol === "https:" ? 443 : 80),
                    method: request.method,
                    path: url.href,
                    headers: { host: url.host, ...headers, ...(proxyAuth ? { "proxy-authorization": proxyAuth } : {}) },
                    agent: proxy.protocol === "https:" ? undefined : this.httpAgent,
                });
            }
            else {
                req = external_node_http_default().request(url, { method: request.method, headers, agent: this.httpAgent });
            }
            const timer = setTimeout(() => {
                req.destroy(new TransportError("ETIMEDOUT", `no complete answer within ${request.timeoutMs} ms`));
            }, request.timeoutMs);
            const fail = (error) => {
                clearTimeout(timer);
                reject(this.asTransportError(error, url));
            };
            req.on("error", fail);
            req.on("response", (res) => {
                const chunks = [];
                let size = 0;
                res.on("data", (chunk) => {
                    size += chunk.length;
                    if (size > maxBody) {
                        req.destroy(new TransportError("EMSGSIZE", `answer is larger than ${maxBody} bytes`));
                        return;
                    }
                    chunks.push(chunk);
                });
                res.on("error", fail);
                res.on("aborted", () => fail(new TransportError("ECONNRESET", "answer was cut off")));
                res.on("end", () => {
                    clearTimeout(timer);
                    resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), url });
                });
            });
            req.end(body);
        });
    }
    httpsAgent(url, proxy) {
        let agent = this.httpsAgents.get(url.host);
        if (agent)
            return agent;
        const verify = !this.skipVerify(url.host);
        // Secure contexts are built once and shared: passing `ca` per connection would parse the CA
        // list again for every socket. One that verifies nothing trusts nothing (no root store to load).
        const secureContext = verify
            ? trustingContext(hostCertificates(url.host, this.roots).certificates)
            : unverifiedContext();
        const options = { ...AGENT_OPTIONS, secureContext, rejectUnauthorized: verify };
        agent = proxy ? new TunnelAgent(proxy, options) : new (external_node_https_default()).Agent(options);
        this.httpsAgents.set(url.host, agent);
        return agent;
    }
    asTransportError(error, url) {
        const code = error.code;
        if (!(error instanceof TransportError) && isCertificateError(code)) {
            return new TransportError(code ?? "CERT_UNTRUSTED", `the TLS certificate of ${url.host} is not trusted (${error.message}); ${whereCaGoes(url.host, this.roots)}`, { cause: error });
        }
        return asTransportError(error);
    }
}
/** The proxy for a URL from the environment; never for loopback addresses. */
function proxyFor(url) {
    if (image_isLoopbackHost(url.host))
        return undefined;
    const proxy = getProxyForUrl(url.href);
    if (!proxy)
        return undefined;
    try {
        return new URL(proxy);
    }
    catch {
        throw new TransportError("EPROXY", `the proxy for ${url.host} from the environment is not a URL`);
    }
}
function proxyAuthorization(proxy) {
    if (!proxy.username && !proxy.password)
        return undefined;
    const user = decodeURIComponent(proxy.username);
    const password = decodeURIComponent(proxy.password);
    return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
}
/** An HTTPS agent whose sockets are TLS over a CONNECT tunnel through a proxy. */
class TunnelAgent extends (external_node_https_default()).Agent {
    proxy;
    constructor(proxy, options) {
        super(options);
        this.proxy = proxy;
    }
    // Node's Agent accepts a callback here for sockets that take time to make.
    createConnection(options, callback) {
        const done = callback ?? (() => { });
        const tlsOptions = options;
        const target = `${formatHost(String(tlsOptions.host ?? "localhost"))}:${tlsOptions.port ?? 443}`;
        const proxyAuth = proxyAuthorization(this.proxy);
        const secure = this.proxy.protocol === "https:";
        const connect = (secure ? (external_node_https_default()) : (external_node_http_default())).request({
            host: this.proxy.hostname.replace(/^\[|\]$/g, ""),
            port: this.proxy.port || (secure ? 443 : 80),
            method: "CONNECT",
            path: target,
            headers: { host: target, ...(proxyAuth ? { "proxy-authorization": proxyAuth } : {}) },
            agent: false,
        });
        connect.once("connect", (res, socket) => {
            if (res.statusCode !== 200) {
                socket.destroy();
                done(new TransportError("EPROXY", `the proxy ${this.proxy.host} answered ${res.statusCode} to CONNECT ${target}`), socket);
                return;
            }
            done(null, external_node_tls_default().connect({ ...tlsOptions, socket }));
        });
        // A network error on the way to the proxy keeps its code (ECONNRESET, ECONNREFUSED, …), so a
        // proxy that drops a connection is retried like a registry that does; the message names the proxy.
        connect.once("error", (error) => done(new TransportError(error.code ?? "EPROXY", `the proxy ${this.proxy.host} failed: ${error.message}`, {
            cause: error,
        }), new external_node_stream_namespaceObject.PassThrough()));
        connect.end();
        return undefined;
    }
}
/** An IPv6 literal in brackets, as in a URL authority. */
function formatHost(host) {
    return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}
function asTransportError(error) {
    if (error instanceof TransportError)
        return error;
    const code = error.code ?? "ENETWORK";
    return new TransportError(code, error.message, { cause: error });
}
/** One header's value as a single string (the first when repeated). */
function transport_headerValue(headers, name) {
    const value = headers[name.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
}

;// CONCATENATED MODULE: ../image-spec/src/registry/retry.ts


/**
 * Milliseconds a `Retry-After` header asks to wait: delta-seconds (`12`, also `1.5`) or an HTTP date.
 * Undefined when absent or unreadable; never negative.
 */
function parseRetryAfter(value, now = Date.now()) {
    if (value === undefined)
        return undefined;
    const text = value.trim();
    if (text === "")
        return undefined;
    if (/^\d+(?:\.\d+)?$/.test(text))
        return Math.round(Number(text) * 1000);
    const date = Date.parse(text);
    if (Number.isNaN(date))
        return undefined;
    return Math.max(0, date - now);
}
/**
 * GHCR's 429 body `retry-after: 12.5ms, allowed: 2000/minute` (units ms, s or m; none = seconds),
 * in milliseconds. Undefined when the body has no such phrase.
 */
function parseRetryAfterBody(body) {
    const match = /retry-after:\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\b/i.exec(body);
    if (!match)
        return undefined;
    const amount = Number(match[1]);
    const unit = (match[2] ?? "s").toLowerCase();
    const factor = unit === "ms" ? 1 : unit === "m" ? 60_000 : 1000;
    return Math.ceil(amount * factor);
}
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
const RETRYABLE_NETWORK_CODES = new Set([
    "ECONNRESET",
    "ECONNREFUSED",
    "ECONNABORTED",
    "EPIPE",
    "ETIMEDOUT",
    "EAI_AGAIN",
    "EHOSTUNREACH",
    "ENETUNREACH",
    "ENETDOWN",
    "ERR_STREAM_PREMATURE_CLOSE",
]);
/**
 * Whether a failed registry call is worth another try (for `withRetries`): 408, 429, 500, 502, 503,
 * 504, GHCR's transient 403 "secondary rate limit", resets, refusals and timeouts. Never 400, 401
 * (the client has already refreshed its token once), 403 DENIED, 404, 413 or anything that is not a
 * RegistryError. Rate limits (429, 503 with Retry-After, the 403 secondary rate limit) are marked
 * `rateLimited`: they are waited out until the deadline instead of counted. A request the deadline
 * kept from being sent (`DEADLINE`) is `notStarted`: the loop reports the failure before it.
 */
function classifyRegistryError(error) {
    if (!(error instanceof errors_RegistryError))
        return { retry: false };
    const { status, code } = error;
    if (code === errors_ClientCode.DEADLINE)
        return { retry: false, notStarted: true };
    if (status === undefined) {
        return code !== undefined && RETRYABLE_NETWORK_CODES.has(code)
            ? { retry: true, reason: code }
            : { retry: false };
    }
    const after = error.retryAfterMs === undefined ? {} : { afterMs: error.retryAfterMs };
    if (isRateLimit(status, error.retryAfterMs !== undefined, error.detail)) {
        const reason = status === 403 ? "HTTP 403 secondary rate limit" : `HTTP ${status}`;
        return { retry: true, reason, rateLimited: true, ...after };
    }
    if (RETRYABLE_STATUSES.has(status))
        return { retry: true, reason: `HTTP ${status}`, ...after };
    return { retry: false };
}
/** 429; 503 with a Retry-After (a server that says when it will take requests again); GHCR's 403. */
function isRateLimit(status, hasRetryAfter, text) {
    return (status === 429 ||
        (status === 503 && hasRetryAfter) ||
        (status === 403 && /secondary rate limit/i.test(text)));
}
// A rate limit that names no wait holds the host's other requests this long.
const DEFAULT_RATE_LIMIT_PAUSE_MS = 1_000;
/**
 * How long every request of this run to the answering host should hold off after `answer`: the
 * Retry-After (header, or GHCR's body) of a rate-limit answer, a second when it names none;
 * undefined for any other answer.
 */
function rateLimitPause(answer) {
    if (answer.status !== 429 && answer.status !== 503 && answer.status !== 403)
        return undefined;
    const header = parseRetryAfter(transport_headerValue(answer.headers, "retry-after"));
    const text = answer.status === 503 && header === undefined ? "" : answer.body.toString("utf8");
    if (!isRateLimit(answer.status, header !== undefined, text))
        return undefined;
    return header ?? parseRetryAfterBody(text) ?? DEFAULT_RATE_LIMIT_PAUSE_MS;
}

;// CONCATENATED MODULE: ../image-spec/src/registry/http.ts
// The request pipeline, internal to the registry client: nothing outside registry/ imports it.







const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/**
 * Every request of one client goes through here: retries (`retrying`), auth with one refresh on 401
 * (`call`, asking an Authorizer), the scheme of insecure hosts and the per-host limiter (`send`),
 * the record of what was sent, and the mapping of failed answers to RegistryError. Time has one rule:
 * each exchange gets the client's timeout, cut to what is left of the overall deadline (`timeout`).
 */
class http_RegistryHttp {
    options;
    /** Every request sent so far, in order. */
    records = [];
    transport;
    insecure;
    policy;
    timeoutMs;
    limiter;
    now;
    /** The scheme an insecure or loopback host answered on (HTTPS tried first). */
    schemes = new Map();
    rateLimited = new Map();
    constructor(options = {}) {
        this.options = options;
        this.now = options.now ?? Date.now;
        this.limiter = new HostLimiter(options.maxInFlightPerHost ?? MAX_IN_FLIGHT_PER_HOST, this.now);
        this.insecure = new Set([...(options.insecure ?? [])].map((host) => host.toLowerCase()));
        this.policy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
        this.timeoutMs = options.timeoutMs ?? 30_000;
        this.transport = new Transport({
            skipVerify: (host) => isInsecureRegistry(host, this.insecure),
            ...(options.certsDirs ? { certsDirs: options.certsDirs } : {}),
        });
    }
    /** Closes idle connections. The pipeline stays usable (new connections are opened as needed). */
    close() {
        this.transport.close();
    }
    /**
     * One operation: authorized, sent, refreshed once on a 401 (the authorizer learns from the
     * challenge), retried under the deadline. Resolves with an answer `accept` takes (or a refusal,
     * with `refusedIsAnswer`); throws RegistryError otherwise.
     */
    call(call, authorizer) {
        return this.retrying(call.host, call.operation, async () => {
            const sent = await authorizer.authorize(call.host, call.scope);
            let answer = await this.send(call, sent.header);
            if (answer.status === 401) {
                const renewed = await authorizer.challenged(call.host, call.scope, answer, sent);
                if (renewed !== undefined)
                    answer = await this.send(call, renewed.header);
            }
            if (call.accept(answer.status))
                return answer;
            // A 403, or a 401 despite a token the token server issued, is about this repository, not the
            // login (a Basic registry's 401 is the credentials being refused). GHCR's 403 "secondary rate
            // limit" is neither: it is thrown below and waited out like a 429, never taken for "missing".
            const refused = (answer.status === 403 && rateLimitPause(answer) === undefined) ||
                (answer.status === 401 && sent.auth.scheme === "bearer" && hasCredentials(sent.credentials));
            if (call.refusedIsAnswer && refused)
                return answer;
            const error = http_errorOf(call.host, call.operation, answer);
            if (answer.status === 401 && !hasCredentials(sent.credentials)) {
                throw notLoggedIn({ host: call.host, operation: call.operation, status: 401, code: error.code });
            }
            throw error;
        });
    }
    /**
     * Runs `attempt` until it succeeds or a failure is final (classifyRegistryError), under the retry
     * policy and the overall deadline. A RegistryError thrown at last says how many tries were made,
     * and whether the deadline stopped further tries; a try that the deadline kept from being sent is
     * never the one reported when a try before it failed (that failure names the cause).
     */
    async retrying(host, operation, attempt) {
        const deadline = this.options.deadline;
        const policy = deadline === undefined
            ? this.policy
            : {
                ...this.policy,
                deadlineMs: Math.max(0, Math.min(this.policy.deadlineMs, deadline - this.now())),
            };
        // Tries made: a try the deadline kept from being sent is not one.
        let tries = 0;
        let stopped;
        try {
            return await withRetries(async (n) => {
                try {
                    return await attempt();
                }
                catch (error) {
                    tries = error instanceof errors_RegistryError && error.code === errors_ClientCode.DEADLINE ? n - 1 : n;
                    throw error;
                }
            }, {
                classify: classifyRegistryError,
                onRetry: ({ attempt: n, delayMs, reason, rateLimited }) => this.options.debug?.(`${host}: ${operation}: ${reason}${rateLimited ? " (rate limited: waited out until the deadline)" : ""}; try ${n + 1} in ${delayMs} ms`),
                onDeadline: (error) => {
                    stopped = error;
                },
                ...(this.options.sleep ? { sleep: this.options.sleep } : {}),
                now: this.now,
            }, policy);
        }
        catch (error) {
            if (!(error instanceof errors_RegistryError))
                throw error;
            if (error === stopped)
                error.deadlineStopped();
            throw error.afterAttempts(Math.max(1, tries));
        }
    }
    /** One request, once, with `authorization` if given: the answer whatever its status. */
    async send(request, authorization) {
        const headers = { ...request.headers };
        if (authorization)
            headers.authorization = authorization;
        const { target } = request;
        if (target instanceof URL)
            return this.exchange(request, { url: target, headers });
        const via = (scheme, probe = false) => this.exchange(request, {
            url: new URL(`${scheme}://${registryApiHost(request.host)}${target}`),
            headers,
            probe,
        });
        const known = this.schemes.get(request.host) ??
            (isInsecureRegistry(request.host, this.insecure) ? undefined : "https");
        if (known)
            return via(known);
        // docker's rule for insecure registries and loopback addresses: HTTPS without verification
        // first, plain HTTP when HTTPS gets no answer at all.
        let https;
        try {
            const answer = await via("https", true);
            this.schemes.set(request.host, "https");
            return answer;
        }
        catch (error) {
            if (!isUnreachable(error) || error.code === errors_ClientCode.DEADLINE)
                throw error;
            https = error;
        }
        this.options.debug?.(`${request.host}: no HTTPS (${https.detail}); plain HTTP from now on`);
        this.schemes.set(request.host, "http");
        try {
            return await via("http");
        }
        catch (error) {
            if (!(error instanceof errors_RegistryError && error.code === errors_ClientCode.DEADLINE))
                throw error;
            // A host that never answered over HTTPS can use up the time left; the failure is that silence,
            // not the plain-HTTP request there was no time to send.
            this.schemes.delete(request.host);
            throw new errors_RegistryError({
                host: request.host,
                operation: request.operation,
                ...(https.code === undefined ? {} : { code: https.code }),
                detail: `no answer over HTTPS (${https.detail}); plain HTTP not tried`,
                cause: https,
            }).deadlineStopped();
        }
    }
    async exchange(request, 
    /** `probe`: a scheme probe, recorded only if it gets an answer. */
    to) {
        const { host, operation } = request;
        const record = () => this.records.push({ host, method: request.method, kind: request.kind });
        // One run's requests to a host take turns (limiter.ts); a rate limit holds all of them. No
        // request starts after the deadline: one that gets no turn before it fails as the host's last
        // rate limit did, or says the deadline passed.
        const release = await this.limiter.acquire(host, this.options.deadline, () => {
            const limited = this.rateLimited.get(host);
            return limited
                ? http_errorOf(host, operation, limited)
                : new errors_RegistryError({
                    host,
                    operation,
                    code: errors_ClientCode.DEADLINE,
                    detail: "not sent: the overall deadline had passed",
                });
        });
        try {
            const answer = await this.transport.request({
                method: request.method,
                url: to.url,
                headers: { "user-agent": this.options.userAgent ?? "multiplatform-build-and-push", ...to.headers },
                ...(request.body === undefined ? {} : { body: request.body }),
                timeoutMs: this.timeout(),
                maxBodyBytes: MAX_MANIFEST_BYTES,
                ...(to.probe ? {} : { onSend: record }),
            });
            if (to.probe)
                record();
            const pauseMs = rateLimitPause(answer);
            if (pauseMs === undefined)
                this.limiter.calm(host);
            else {
                this.options.debug?.(`${host}: rate limited (${answer.status}); holding this run's requests to it ${pauseMs} ms`);
                this.limiter.slowDown(host, pauseMs);
                this.rateLimited.set(host, answer);
            }
            return answer;
        }
        catch (error) {
            if (error instanceof TransportError) {
                throw new errors_RegistryError({ host, operation, code: error.code, detail: error.message, cause: error });
            }
            throw error;
        }
        finally {
            release();
        }
    }
    /**
     * The time one exchange gets, taken when it is sent (after any wait for a turn): the client's
     * timeout, cut to what is left of the overall deadline, but at least a second.
     */
    timeout() {
        const { deadline } = this.options;
        return deadline === undefined
            ? this.timeoutMs
            : Math.min(this.timeoutMs, Math.max(1000, deadline - this.now()));
    }
}
/** A RegistryError from a failed answer, with the registry's code and message and any Retry-After. */
function http_errorOf(host, operation, answer) {
    const body = answer.body.toString("utf8");
    const { code, message } = parseErrorBody(answer.body);
    const retryAfterMs = parseRetryAfter(transport_headerValue(answer.headers, "retry-after")) ??
        (answer.status === 429 ? parseRetryAfterBody(body) : undefined);
    return new errors_RegistryError({
        host,
        operation,
        status: answer.status,
        ...(code === undefined ? {} : { code }),
        detail: message,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
}

;// CONCATENATED MODULE: ../image-spec/src/registry/authenticator.ts





/**
 * The Bearer challenge of a registry whose token realm is well known: GHCR's and Docker Hub's (what
 * their `GET /v2/` answers name), so their first request is the token, not a ping. Should one ever
 * answer otherwise, the client learns the real challenge: from the 401 of a request made with the
 * token (one refresh), or from a ping after a token request that failed.
 */
function wellKnownAuth(host) {
    if (host === "ghcr.io")
        return { scheme: "bearer", realm: "https://ghcr.io/token", service: "ghcr.io" };
    if (host === "docker.io") {
        return { scheme: "bearer", realm: "https://auth.docker.io/token", service: "registry.docker.io" };
    }
    return undefined;
}
// A token is renewed this long (at most a tenth of its life) before it expires, so it never dies in flight.
const TOKEN_MARGIN_MS = 10_000;
/**
 * One client's auth state and its rules: how each host wants to be spoken to (`knownAuth`, else one
 * shared `GET /v2/`), its credentials (a token source's, else the resolver's; resolved once, minted
 * ones again when they expire or are refused), Bearer tokens cached per host and scope until shortly
 * before `expires_in`, what a 401 teaches, and the realm learnt again when an assumed one fails.
 * Pings and token requests go through the client's pipeline, so they are counted, limited, and bound
 * by its deadline like every other request.
 */
class authenticator_Authenticator {
    http;
    options;
    hostAuth = new Map();
    hostCredentials = new Map();
    tokens = new Map();
    /** Auths taken from `knownAuth` rather than learnt from the host: a failed token request pings. */
    assumed = new WeakSet();
    /** The one ping that replaces an assumed auth, shared by every token request that failed with it. */
    relearnt = new WeakMap();
    constructor(http, options = {}) {
        this.http = http;
        this.options = options;
    }
    async authorize(host, scope) {
        // The ping and the credentials (a file, or a credential helper's process) overlap.
        const [auth, credentials] = await Promise.all([this.hostAuthOf(host), this.credentialsOf(host)]);
        return this.authorization(host, auth, scope, credentials);
    }
    async challenged(host, scope, answer, sent) {
        // Learn from this challenge and drop the cached token; minted credentials are asked for again.
        const renewed = hostAuthOfAnswer(answer) ?? sent.auth;
        this.hostAuth.set(host, Promise.resolve(renewed));
        this.tokens.delete(tokenKey(host, scope));
        const credentials = sent.credentials?.expiresAt === undefined
            ? sent.credentials
            : await this.credentialsOf(host, sent.credentials);
        const next = await this.authorization(host, renewed, scope, credentials);
        return next.header === undefined ? undefined : next;
    }
    /**
     * The host's auth scheme: `knownAuth`'s (GHCR, Docker Hub), else from one unauthenticated
     * `GET /v2/` shared by every caller. A failed ping is not remembered: the next try pings again.
     */
    hostAuthOf(host) {
        let known = this.hostAuth.get(host);
        const assumed = known === undefined ? (this.options.knownAuth ?? wellKnownAuth)(host) : undefined;
        if (assumed !== undefined) {
            this.assumed.add(assumed);
            known = Promise.resolve(assumed);
            this.hostAuth.set(host, known);
        }
        else if (known === undefined) {
            known = this.ping(host);
            this.hostAuth.set(host, known);
            known.catch(() => this.hostAuth.delete(host));
        }
        return known;
    }
    async ping(host) {
        const operation = `GET /v2/ on ${host}`;
        const answer = await this.http.send({ host, operation, kind: "ping", method: "GET", target: "/v2/" });
        if (answer.status >= 200 && answer.status < 300)
            return { scheme: "none" };
        if (answer.status === 401) {
            const auth = hostAuthOfAnswer(answer);
            if (auth)
                return auth;
            throw new errors_RegistryError({
                host,
                operation,
                status: 401,
                code: errors_ClientCode.UNSUPPORTED_AUTH,
                detail: `no Basic or Bearer challenge in WWW-Authenticate: ${JSON.stringify(answer.headers["www-authenticate"] ?? "")}`,
            });
        }
        throw http_errorOf(host, operation, answer);
    }
    /**
     * The host's credentials, resolved once and kept. Minted ones (with `expiresAt`) are asked for
     * again once they have expired, or when `refused` (what a registry answered 401 to) is still what
     * is kept; a concurrent request that already asked again gets the new ones.
     */
    credentialsOf(host, refused) {
        const kept = this.hostCredentials.get(host);
        const current = kept?.resolved;
        const expired = current?.expiresAt !== undefined && current.expiresAt <= Date.now();
        const stale = current !== undefined && (expired || current === refused);
        if (kept !== undefined && !stale)
            return kept.promise;
        if (stale) {
            this.options.debug?.(`${host}: the credentials ${expired ? "expired" : "were refused"}; asking for new ones`);
        }
        const source = this.options.tokenSource?.(host) ?? this.options.credentials ?? anonymousCredentials;
        const entry = { promise: source(host) };
        entry.promise.then((credentials) => {
            entry.resolved = credentials;
        }, () => { });
        this.hostCredentials.set(host, entry);
        return entry.promise;
    }
    /**
     * The Authorization for a request: none, Basic, a registry token as is, or a token for the scope.
     * Minted credentials the token endpoint refuses are asked for again, once (`renewed` then says so).
     */
    async authorization(host, auth, scope, credentials, renewed = false) {
        const authorization = (header) => ({ header, auth, credentials });
        if (auth.scheme === "none")
            return authorization(undefined);
        if (auth.scheme === "basic")
            return authorization(basicAuthorization(credentials));
        if (credentials?.registryToken)
            return authorization(`Bearer ${credentials.registryToken}`);
        try {
            return authorization(`Bearer ${(await this.token(host, auth, scope, credentials)).value}`);
        }
        catch (error) {
            // Minted credentials (a token source's, a credential helper's) that the token endpoint no
            // longer takes (a token minted an hour ago): ask for them again, once.
            if (!renewed && credentials?.expiresAt !== undefined && refusesCredentials(error)) {
                const fresh = await this.credentialsOf(host, credentials);
                if (fresh !== credentials)
                    return this.authorization(host, auth, scope, fresh, true);
            }
            // A token request to an assumed realm that failed for good: ask the host after all (once;
            // the ping's answer replaces the assumption), unless it was a rate limit or a blip, which
            // the caller's retry waits out.
            if (!this.assumed.has(auth) || classifyRegistryError(error).retry)
                throw error;
            return this.authorization(host, await this.relearn(host, auth), scope, credentials, renewed);
        }
    }
    /** The cached token for the scope until it nearly expires, else a new one (shared while in flight). */
    async token(host, auth, scope, credentials) {
        const key = tokenKey(host, scope);
        const cached = this.tokens.get(key);
        if (cached && cached.expiresAt > Date.now())
            return cached.token;
        const entry = { token: this.fetchToken(host, auth, scope, credentials), expiresAt: Infinity };
        this.tokens.set(key, entry);
        try {
            const token = await entry.token;
            const lifetimeMs = token.expiresInS * 1000;
            entry.expiresAt = Date.now() + lifetimeMs - Math.min(TOKEN_MARGIN_MS, lifetimeMs / 10);
            return token;
        }
        catch (error) {
            if (this.tokens.get(key) === entry)
                this.tokens.delete(key);
            throw error;
        }
    }
    relearn(host, assumed) {
        let learnt = this.relearnt.get(assumed);
        if (learnt === undefined) {
            this.options.debug?.(`${host}: the token request to ${assumed.realm} failed; asking ${host} for its realm`);
            const ping = this.ping(host);
            learnt = ping;
            this.relearnt.set(assumed, ping);
            this.hostAuth.set(host, ping);
            ping.catch(() => {
                this.relearnt.delete(assumed);
                if (this.hostAuth.get(host) === ping)
                    this.hostAuth.delete(host);
            });
        }
        return learnt;
    }
    async fetchToken(host, auth, scope, credentials) {
        let request = tokenRequest(auth, scope, credentials);
        const operation = `${request.method} token from ${auth.realm} for ${scope ?? "login"}`;
        this.options.debug?.(`${host}: ${operation}`);
        const send = ({ method, url, headers, body }) => this.http.send({
            host,
            operation,
            kind: "token",
            method,
            target: url,
            headers,
            ...(body === undefined ? {} : { body }),
        });
        let answer = await send(request);
        // Token servers without the OAuth2 refresh-token grant answer 404/405 (no endpoint) or 400
        // `unsupported_grant_type` to the POST: then GET with Basic, as docker does.
        if (request.method === "POST" &&
            (answer.status === 404 ||
                answer.status === 405 ||
                (answer.status === 400 && parseErrorBody(answer.body).code === "unsupported_grant_type"))) {
            request = tokenRequest(auth, scope, credentials, "basic");
            answer = await send(request);
        }
        if (answer.status !== 200) {
            const error = http_errorOf(host, operation, answer);
            const refused = answer.status === 401 || answer.status === 403;
            if (refused && !hasCredentials(credentials)) {
                throw notLoggedIn({ host, operation, status: answer.status, code: error.code, said: error.detail });
            }
            // OAuth2 answers a bad refresh token with 400 invalid_grant: that is wrong credentials too.
            if (refused || error.code === "invalid_grant") {
                throw new errors_RegistryError({
                    host,
                    operation,
                    status: answer.status,
                    code: error.code ?? "UNAUTHORIZED",
                    detail: `${error.detail || "refused"}; check the credentials stored for ${host}`,
                });
            }
            throw error;
        }
        return parseTokenAnswer(answer.body, host, operation);
    }
}
/**
 * A token endpoint's refusal of the credentials sent (what fetchToken throws for 401, 403 and
 * invalid_grant), not a rate limit (GHCR's 403 "secondary rate limit" is waited out instead).
 */
function refusesCredentials(error) {
    return (error instanceof errors_RegistryError &&
        (error.status === 401 || error.status === 403 || error.code === "invalid_grant") &&
        !classifyRegistryError(error).retry);
}
function tokenKey(host, scope) {
    return `${host} ${scope ?? ""}`;
}

;// CONCATENATED MODULE: ../image-spec/src/registry/client.ts






/** The manifest a look-up found; undefined when it was absent or refused. */
function foundManifest(lookup) {
    return lookup.outcome === "found" ? lookup.manifest : undefined;
}
const ACCEPT = oci_MANIFEST_MEDIA_TYPES.join(", ");
const ABSENT = { outcome: "absent" };
/**
 * A small OCI distribution API client for manifests: HEAD, GET and PUT of manifests, and a count of
 * every request it sends. Requests go through its pipeline (http.ts: retries under a deadline, the
 * per-host limiter, the scheme of insecure hosts), authorized by its Authenticator (authenticator.ts:
 * Basic and Bearer auth, tokens cached per host and scope, one refresh on 401). Blobs are never touched.
 */
class RegistryClient {
    options;
    http;
    auth;
    push;
    constructor(options = {}) {
        this.options = options;
        this.http = new RegistryHttp(options);
        this.auth = new Authenticator(this.http, options);
        this.push = options.push ?? true;
    }
    /** Every request sent so far, in order. */
    get requests() {
        return this.http.records;
    }
    /** Requests by `METHOD kind` (`HEAD manifest`, `GET token`), for one host or all. */
    requestCounts(host) {
        const counts = {};
        for (const record of this.http.records) {
            if (host !== undefined && record.host !== host)
                continue;
            const key = `${record.method} ${record.kind}`;
            counts[key] = (counts[key] ?? 0) + 1;
        }
        return counts;
    }
    /** `9 requests: 1 GET ping, 1 GET token, 4 HEAD manifest, 3 PUT manifest` for a debug log. */
    describeRequests(host) {
        const counts = this.requestCounts(host);
        const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
        const parts = Object.entries(counts).map(([key, n]) => `${n} ${key}`);
        return `${total} request${total === 1 ? "" : "s"}${parts.length ? `: ${parts.join(", ")}` : ""}`;
    }
    /** Closes idle connections. The client stays usable (new connections are opened as needed). */
    close() {
        this.http.close();
    }
    /**
     * One HEAD with all four manifest types in `Accept`: the digest, media type and size of a tag or
     * digest, absent on 404, or refused (see ManifestLookup). A registry that refuses HEAD (405, 400,
     * 501) is asked with GET, as containerd does; so is one whose HEAD refuses with 401/403, since a
     * HEAD answer has no body to carry the registry's words.
     */
    async headManifest(repo, reference) {
        const answer = await this.readManifest({
            method: "HEAD",
            repo,
            reference,
            accept: (status) => [200, 404, 400, 405, 501].includes(status),
            refusedIsAnswer: true,
        });
        if (answer.status === 404)
            return ABSENT;
        if (answer.status === 401 || answer.status === 403) {
            const lookup = await this.findManifest(repo, reference);
            return lookup.outcome === "found" ? found(headOf(lookup.manifest)) : lookup;
        }
        if (answer.status !== 200) {
            this.options.debug?.(`${repo.host}: HEAD answered ${answer.status}; asking with GET`);
            return found(headOf(await this.getManifest(repo, reference)));
        }
        const digest = headerValue(answer.headers, "docker-content-digest");
        const mediaType = contentType(answer);
        const size = Number(headerValue(answer.headers, "content-length"));
        // A registry that leaves these out of a HEAD answer (or sends a generic Content-Type) is asked
        // once more with GET, and the bytes tell.
        if (!digest ||
            !mediaType ||
            !MANIFEST_MEDIA_TYPES.includes(mediaType) ||
            !Number.isFinite(size) ||
            size <= 0) {
            return found(headOf(await this.getManifest(repo, reference)));
        }
        return found({ digest, mediaType, size });
    }
    /**
     * One GET: the manifest's exact bytes, absent on 404, or refused (see ManifestLookup). For a
     * manifest that will be read anyway (a stitch source), this saves the HEAD before the GET.
     */
    async findManifest(repo, reference) {
        const answer = await this.readManifest({
            method: "GET",
            repo,
            reference,
            accept: (status) => status === 200 || status === 404,
            refusedIsAnswer: true,
        });
        if (answer.status === 200)
            return found(manifestOf(answer, repo, reference));
        if (answer.status === 404)
            return ABSENT;
        return {
            outcome: "refused",
            error: errorOf(repo.host, `GET manifest ${refName(repo, reference)}`, answer),
        };
    }
    /** The exact bytes of a manifest; a digest reference is checked against the bytes received. */
    async getManifest(repo, reference) {
        const answer = await this.readManifest({
            method: "GET",
            repo,
            reference,
            accept: (status) => status === 200,
        });
        return manifestOf(answer, repo, reference);
    }
    /**
     * PUTs a manifest under a tag (or digest) with `Content-Type` exactly its media type. Returns the
     * digest the registry reports in `Docker-Content-Digest` (undefined if it sends none).
     */
    async putManifest(repo, reference, bytes, mediaType) {
        const answer = await this.call({
            host: repo.host,
            operation: `PUT manifest ${refName(repo, reference)}`,
            kind: "manifest",
            method: "PUT",
            target: manifestPath(repo, reference),
            headers: { "content-type": mediaType },
            body: bytes,
            scope: repositoryScope(repo.path, true),
            accept: (status) => status >= 200 && status < 300,
        });
        return { digest: headerValue(answer.headers, "docker-content-digest") };
    }
    /** A HEAD or GET of a manifest, every manifest type in `Accept`: the one shape of every read. */
    readManifest(read) {
        const { method, repo, reference } = read;
        return this.call({
            host: repo.host,
            operation: `${method} manifest ${refName(repo, reference)}`,
            kind: "manifest",
            method,
            target: manifestPath(repo, reference),
            headers: { accept: ACCEPT },
            scope: repositoryScope(repo.path, this.push),
            accept: read.accept,
            ...(read.refusedIsAnswer ? { refusedIsAnswer: true } : {}),
        });
    }
    call(call) {
        return this.http.call(call, this.auth);
    }
}
function found(manifest) {
    return { outcome: "found", manifest };
}
function manifestPath(repo, reference) {
    return `/v2/${repo.path}/manifests/${reference}`;
}
/** `host/path:tag` or `host/path@sha256:…`. */
function refName(repo, reference) {
    return `${repo.host}/${repo.path}${isDigest(reference) ? "@" : ":"}${reference}`;
}
/** A fetched manifest's bytes, digest and media type; a digest reference is checked against the bytes. */
function manifestOf(answer, repo, reference) {
    const bytes = answer.body;
    const digest = sha256Digest(bytes);
    if (isDigest(reference) && digest !== reference) {
        throw new RegistryError({
            host: repo.host,
            operation: `GET manifest ${refName(repo, reference)}`,
            status: answer.status,
            code: ClientCode.DIGEST_MISMATCH,
            detail: `the bytes received have digest ${digest}`,
        });
    }
    const mediaType = declaredMediaType(bytes) ?? contentType(answer) ?? "";
    return { digest, mediaType, size: bytes.length, bytes };
}
function headOf(manifest) {
    return { digest: manifest.digest, mediaType: manifest.mediaType, size: manifest.size };
}
function contentType(answer) {
    return headerValue(answer.headers, "content-type")?.split(";")[0]?.trim() || undefined;
}

;// CONCATENATED MODULE: ../image-spec/src/registry/verify.ts







/**
 * The credentials were accepted, but the registry refused the push check on one repository. Every
 * refusal of the check is one of these, naming the image; a registry that could not be reached or
 * kept failing is a RegistryError instead. `refusal` has the registry's own status, code and words.
 */
class PushCheckError extends Error {
    repository;
    refusal;
    reason;
    name = "PushCheckError";
    /** `host/path` */
    image;
    constructor(repository, refusal, reason = "refused") {
        const image = `${repository.host}/${repository.path}`;
        super(`${image}: ${pushRefusalSummary(reason, repository.host)}: ${refusal.message}`, {
            cause: refusal,
        });
        this.repository = repository;
        this.refusal = refusal;
        this.reason = reason;
        this.image = image;
    }
}
/** 401/403 on the push check: the credentials may not push to the repository. */
class PushDeniedError extends PushCheckError {
    name = "PushDeniedError";
    constructor(repository, refusal) {
        super(repository, refusal, "denied");
    }
}
/** 404 `NAME_UNKNOWN` on the push check: the repository does not exist and will not be made by a push. */
class RepositoryMissingError extends PushCheckError {
    name = "RepositoryMissingError";
    constructor(repository, refusal) {
        super(repository, refusal, "no-repository");
    }
}
function pushRefusalSummary(reason, host) {
    switch (reason) {
        case "denied":
            return "cannot push";
        case "no-repository":
            return `cannot push: the repository does not exist, and ${host} does not create it on push`;
        case "refused":
            return "cannot push: the registry refused the push check";
    }
}
/**
 * The typed error for a push check's failure: a refusal (a 4xx answer no retry can change) names
 * the image; a registry that is busy, failing or unreachable stays the RegistryError it threw.
 */
function pushCheckFailure(repository, error) {
    if (!(error instanceof errors_RegistryError) || error.status === undefined)
        return error;
    const { status, code } = error;
    // A 403 "secondary rate limit" (GHCR) is the registry being busy, not a refusal.
    if (classifyRegistryError(error).retry)
        return error;
    if (status === 401 || status === 403)
        return new PushDeniedError(repository, error);
    if (status === 404 && code === "NAME_UNKNOWN")
        return new RepositoryMissingError(repository, error);
    return status >= 400 && status < 500 ? new PushCheckError(repository, error) : error;
}
/**
 * Checks credentials the way `docker login` does: `GET /v2/`; for a Basic challenge the same with the
 * credentials; for a Bearer challenge a scope-less token from the realm (Basic credentials, or the
 * OAuth2 refresh-token grant for an identity token), then `GET /v2/` with it. Resolves on success;
 * throws RegistryError (status 401/403, naming the host and the operation) on wrong or missing
 * credentials, and after retries on a registry that keeps failing. With `pushTo`, then proves push
 * permission on each repository (checkPush); the first refused throws a PushCheckError naming its
 * image: PushDeniedError (401/403), RepositoryMissingError (404 `NAME_UNKNOWN`), or PushCheckError
 * itself for any other refusal.
 */
async function verifyCredentials(host, credentials, options = {}) {
    const http = new http_RegistryHttp({
        // One deadline for every request of the check: a rate limit is waited out until then and no
        // longer, and a request queued behind a host's Retry-After (limiter.ts) fails by then too.
        deadline: Date.now() + (options.retryPolicy ?? DEFAULT_RETRY_POLICY).deadlineMs,
        insecure: options.insecure ? [host] : [],
        ...(options.retryPolicy ? { retryPolicy: options.retryPolicy } : {}),
        ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.certsDirs ? { certsDirs: options.certsDirs } : {}),
    });
    const auth = new authenticator_Authenticator(http, { credentials: async () => credentials });
    try {
        const scheme = await checkLogin(http, auth, host);
        const push = {};
        const checks = await Promise.allSettled((options.pushTo ?? []).map((path) => checkPush(http, auth, { host, path })));
        checks.forEach((outcome, index) => {
            const path = options.pushTo?.[index] ?? "";
            if (outcome.status === "fulfilled")
                push[path] = outcome.value;
        });
        const refused = checks.findIndex((outcome) => outcome.status === "rejected");
        if (refused >= 0) {
            const reason = checks[refused].reason;
            throw pushCheckFailure({ host, path: options.pushTo?.[refused] ?? "" }, reason);
        }
        return options.pushTo?.length ? { ok: true, scheme, push } : { ok: true, scheme };
    }
    finally {
        http.close();
    }
}
/**
 * `docker login`'s check: `GET /v2/`, then for Basic the same with the credentials, for Bearer a
 * scope-less token for the registry and `GET /v2/` with it. Throws RegistryError (401) on wrong or
 * missing credentials.
 */
function checkLogin(http, auth, host) {
    return http.retrying(host, `GET /v2/ on ${host} (login check)`, async () => {
        const sent = await auth.authorize(host, undefined);
        if (sent.auth.scheme === "none")
            return "none";
        if (sent.header === undefined) {
            throw new errors_RegistryError({
                host,
                operation: "GET /v2/",
                status: 401,
                code: "UNAUTHORIZED",
                detail: "the registry requires credentials and none were given",
            });
        }
        const answer = await http.send({ host, operation: "GET /v2/", kind: "ping", method: "GET", target: "/v2/" }, sent.header);
        if (answer.status === 200)
            return sent.auth.scheme;
        throw http_errorOf(host, "GET /v2/ with the credentials", answer);
    });
}
/**
 * Proves that the credentials may push to a repository, in seconds and without writing anything:
 * for a Bearer registry whose token is a JWT with an `access` claim, that claim (asked for
 * `pull,push`); otherwise a blob upload is started (`POST /v2/<name>/blobs/uploads/`) and cancelled
 * (`DELETE` on its Location). Resolves with how it was proven; throws RegistryError (401/403 when
 * refused) otherwise.
 */
async function checkPush(http, auth, repo) {
    const scope = auth_repositoryScope(repo.path, true);
    const name = `${repo.host}/${repo.path}`;
    const operation = `token for ${scope}`;
    const grant = await http.retrying(repo.host, operation, async () => {
        const sent = await auth.authorize(repo.host, scope);
        if (sent.auth.scheme !== "bearer" || sent.header === undefined)
            return undefined;
        return tokenGrantsPush(sent.header.replace(/^Bearer /, ""), repo.path);
    });
    if (grant === true)
        return "token";
    if (grant === false) {
        throw new errors_RegistryError({
            host: repo.host,
            operation,
            status: 403,
            code: "DENIED",
            detail: `the token server granted pull but not push on ${repo.path}`,
        });
    }
    const answer = await http.call({
        host: repo.host,
        operation: `POST blob upload to ${name} (push check)`,
        kind: "blob",
        method: "POST",
        target: `/v2/${repo.path}/blobs/uploads/`,
        scope,
        accept: (status) => status === 202 || status === 201,
    }, auth);
    const location = transport_headerValue(answer.headers, "location");
    const upload = location ? new URL(location, answer.url) : undefined;
    // Cancelling is a courtesy (abandoned uploads are purged anyway): its failure does not fail the check.
    if (upload && upload.host === answer.url.host) {
        await http
            .call({
            host: repo.host,
            operation: `DELETE blob upload to ${name} (push check)`,
            kind: "blob",
            method: "DELETE",
            target: `${upload.pathname}${upload.search}`,
            scope,
            accept: (status) => (status >= 200 && status < 300) || status === 404 || status === 405,
        }, auth)
            .catch(() => { });
    }
    return "upload";
}

;// CONCATENATED MODULE: ../image-spec/src/registry/index.ts












;// CONCATENATED MODULE: ../image-spec/src/reporter.ts
/** A reporter that drops everything. */
const silentReporter = {
    info: () => { },
    warning: () => { },
    debug: () => { },
    group: (_name, body) => body(),
};

;// CONCATENATED MODULE: ../image-spec/src/timeline.ts
/**
 * The run's timestamps: what arch-build's `timeline` output holds for one platform, what other jobs
 * (the plan) can add, and how manifest-stitch reads them back from a job's outputs.
 */


/**
 * Reads timeline entries from JSON: one entry, a list of them, or an object whose values are entries
 * (a job's `toJSON(needs.build.outputs)`, where each value is the JSON text of one), and lists or
 * objects of those in turn (`[<plan's entry>, <toJSON(needs.build.outputs)>]`). Empty values are
 * skipped (a matrix leg that wrote nothing). An entry may be a bare step, `{"name":"plan","start":…,
 * "end":…}`. Throws an InputError naming `input` for anything else.
 */
function parseTimelines(text, input) {
    const fail = (problem) => {
        throw new InputError(input, text, problem, 'give arch-build timeline outputs or {"name","start","end"} steps (epoch ms), as a JSON list or object');
    };
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        return fail("is not JSON");
    }
    const entries = [];
    const collect = (value, depth) => {
        if (value === "" || value === null)
            return;
        let item = value;
        if (typeof value === "string") {
            try {
                item = JSON.parse(value);
            }
            catch {
                fail(`holds ${JSON.stringify(value.slice(0, 40))}, which is not JSON`);
            }
        }
        const container = Array.isArray(item) || (timeline_isObject(item) && !("steps" in item) && !("start" in item));
        if (container && depth < 3) {
            for (const inner of Array.isArray(item) ? item : Object.values(item))
                collect(inner, depth + 1);
            return;
        }
        const entry = toEntry(item);
        if (!entry)
            fail(`holds ${JSON.stringify(item)?.slice(0, 80)}, which is not a timeline entry`);
        else
            entries.push(entry);
    };
    collect(parsed, 0);
    return entries;
}
function toEntry(item) {
    if (!timeline_isObject(item))
        return undefined;
    const outcome = item.outcome === "failure" ? "failure" : "success";
    const platform = typeof item.platform === "string" ? item.platform : undefined;
    const name = typeof item.name === "string" ? item.name : undefined;
    const digest = typeof item.digest === "string" && isDigest(item.digest) ? item.digest : undefined;
    if (item.digest !== undefined && digest === undefined)
        return undefined;
    let steps;
    if (Array.isArray(item.steps)) {
        const parsed = item.steps.map(toStep);
        if (parsed.some((step) => step === undefined))
            return undefined;
        steps = parsed;
    }
    else {
        const step = toStep({ name: name ?? platform ?? "step", ...item });
        if (!step)
            return undefined;
        steps = [step];
    }
    if (!platform && !name)
        return undefined;
    return {
        ...(platform ? { platform } : {}),
        ...(name ? { name } : {}),
        outcome,
        ...(digest ? { digest } : {}),
        steps,
    };
}
function toStep(item) {
    if (!timeline_isObject(item))
        return undefined;
    const { name, start, end } = item;
    if (typeof name !== "string" || !isTime(start) || !isTime(end) || end < start)
        return undefined;
    return { name, start, end, outcome: item.outcome === "failure" ? "failure" : "success" };
}
// Epoch milliseconds between 2001 and 2286: a number in seconds is refused rather than drawn in 1970.
function isTime(value) {
    return typeof value === "number" && Number.isFinite(value) && value > 1e12 && value < 1e13;
}
function timeline_isObject(value) {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

;// CONCATENATED MODULE: ../image-spec/src/lib.ts
/**
 * The shared library of multiplatform build-and-push. Every action and the CLI import from here;
 * nothing in here reads action inputs by name (see ./actions for the runner I/O helpers).
 */

















;// CONCATENATED MODULE: ../image-spec/src/run-summary.ts
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

;// CONCATENATED MODULE: ../image-spec/src/actions.ts
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
    const value = getInput(name).trim();
    if (value === "")
        return fallback;
    if (["true", "True", "TRUE"].includes(value))
        return true;
    if (["false", "False", "FALSE"].includes(value))
        return false;
    problems.add(new errors_InputError(name, value, "is not a boolean", "write true or false"));
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
        setSecret(form);
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
    if (error instanceof errors_InputErrors || error instanceof errors_InputError) {
        const problems = error instanceof errors_InputErrors ? error.errors : [error];
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

;// CONCATENATED MODULE: ../image-spec/src/keyless/errors.ts
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

;// CONCATENATED MODULE: ../image-spec/src/keyless/registries.ts
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
        if (!image_isLoopbackHost(alias) || real === "") {
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

;// CONCATENATED MODULE: ../image-spec/src/keyless/plan.ts
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


;// CONCATENATED MODULE: ./src/google-token.ts

const NOT_SHOWN = "<not shown: it is a secret>";
/**
 * Chooses the username for a `GAR_PUSH_TOKEN` from its form: a service-account key as JSON
 * (`_json_key`), the same key base64-encoded (`_json_key_base64`) or an OAuth2 access token such as
 * google-github-actions/auth prints (`ya29.…`, `oauth2accesstoken`). Errors never show the token.
 */
function googleLogin(token, input = "GAR_PUSH_TOKEN") {
    const password = token.trim();
    const fix = "set it to a service-account key file's contents, base64 of them, or an access token (ya29.…) from google-github-actions/auth";
    if (password.startsWith("{")) {
        const key = parseObject(password);
        if (!key)
            throw new errors_InputError(input, NOT_SHOWN, "starts like a JSON key but is not a JSON object", fix);
        return { username: "_json_key", password, form: "JSON key", derived: keySecrets(key) };
    }
    if (/^[A-Za-z0-9+/=\s]+$/.test(password)) {
        const decoded = Buffer.from(password, "base64").toString("utf8").trim();
        if (decoded.startsWith("{")) {
            const key = parseObject(decoded);
            if (!key)
                throw new errors_InputError(input, NOT_SHOWN, "is base64 of something that is not a JSON key", fix);
            return {
                username: "_json_key_base64",
                password,
                form: "base64 JSON key",
                derived: [decoded, ...keySecrets(key)],
            };
        }
    }
    if (/^ya29\.[\w.-]+$/.test(password)) {
        return { username: "oauth2accesstoken", password, form: "access token", derived: [] };
    }
    throw new errors_InputError(input, NOT_SHOWN, "is neither a service-account key (JSON or base64) nor an access token", fix);
}
function parseObject(text) {
    try {
        const value = JSON.parse(text);
        return typeof value === "object" && value !== null && !Array.isArray(value)
            ? value
            : undefined;
    }
    catch {
        return undefined;
    }
}
function keySecrets(key) {
    return ["private_key", "private_key_id"]
        .map((field) => key[field])
        .filter((value) => typeof value === "string" && value !== "");
}

;// CONCATENATED MODULE: ./src/logins.ts



/**
 * Decides, for each distinct host of `images` (and each extra `registry-auth` host), which
 * credential logs in: a `registry-auth` entry first, then the secret of the registry's kind. A known
 * registry without its secret is an error naming the host and the secret; every problem is collected.
 */
function planLogins(images, secrets, errors = []) {
    const logins = [];
    const anonymous = [];
    const warnings = [];
    const notes = [];
    const hosts = [...new Set(images.map((image) => image.host))];
    for (const entry of secrets.registryAuth) {
        if (!hosts.includes(entry.host)) {
            hosts.push(entry.host);
            notes.push(`registry-auth: ${entry.host} names no image of images; logging in anyway (e.g. for base images)`);
        }
    }
    if (!secrets.useNonstandardGhcrToken && secrets.ghcrPushToken !== "" && hosts.includes("ghcr.io")) {
        warnings.push("GHCR_PUSH_TOKEN is ignored because use-nonstandard-ghcr-token is false; github-token is used for ghcr.io");
    }
    const missing = new Map();
    const withoutOidc = new Map();
    const used = new Set();
    for (const host of hosts) {
        const login = loginFor(host, secrets, errors, {
            missing: (input, fix) => {
                const known = missing.get(input);
                if (known)
                    known.hosts.push(host);
                else
                    missing.set(input, { hosts: [host], fix });
            },
            noOidc: (input, value) => {
                const known = withoutOidc.get(input);
                if (known)
                    known.hosts.push(host);
                else
                    withoutOidc.set(input, { value, hosts: [host] });
            },
            used: (input) => used.add(input),
            warn: (message) => {
                if (!warnings.includes(message))
                    warnings.push(message);
            },
        });
        if (login === "anonymous") {
            anonymous.push(host);
            const message = `images: no credentials for ${host}; pushing there anonymously. If it needs a login, add a registry-auth entry for ${host}`;
            if (image_isLoopbackHost(host))
                notes.push(message);
            else
                warnings.push(message);
        }
        else if (login) {
            logins.push(login);
        }
    }
    for (const [input, given] of [
        ["gar-workload-identity-provider", secrets.garWorkloadIdentityProvider],
        ["aws-role-arn", secrets.awsRoleArn],
        ["AWS_ACCESS_KEY_ID", secrets.awsAccessKeyId],
    ]) {
        if (given && !used.has(input)) {
            warnings.push(`${input} is set but no image is in a registry it logs in to; it is not used`);
        }
    }
    // A keyless login in a job without `id-token: write`: an error naming the fix, or (in a job that
    // only pulls) a warning.
    for (const [input, { value, hosts: needing }] of withoutOidc) {
        const problem = `needs the job's OIDC token for ${needing.join(", ")}, but the job may not request one (ACTIONS_ID_TOKEN_REQUEST_URL is not set)`;
        if (secrets.requireSecrets)
            errors.push(new errors_InputError(input, value, problem, ID_TOKEN_FIX));
        else
            warnings.push(`${input} ${problem}, so ${needing.length === 1 ? "it is" : "they are"} not logged in (require-secrets: false); pulls from there are anonymous`);
    }
    // One error (or, when secrets are not required, one warning) per missing secret, naming every host.
    for (const [input, { hosts: needing, fix }] of missing) {
        if (!secrets.requireSecrets) {
            warnings.push(`${input} is empty, so ${needing.join(", ")} ${needing.length === 1 ? "is" : "are"} not logged in (require-secrets: false); pulls from there are anonymous`);
            continue;
        }
        const orEntry = `, or add a registry-auth entry for ${needing.length === 1 ? needing[0] : "each"}`;
        errors.push(new errors_InputError(input, "", `is empty but images push to ${needing.join(", ")}`, `${fix}${orEntry}`));
    }
    return { logins, anonymous, warnings, notes };
}
function loginFor(host, secrets, errors, planning) {
    const { missing } = planning;
    const env = secrets.env ?? process.env;
    // A loopback stand-in for a real registry (tests only) is planned as that registry.
    const kind = registryKind(registryAliases(env).get(host) ?? host);
    const keyless = keylessRegistry(host, env);
    const oidc = oidcRequest(env) !== undefined;
    const make = (username, password, source, derived = []) => ({
        host,
        kind,
        configKey: image_dockerConfigKey(host),
        username,
        password,
        source,
        secrets: [password, ...derived, Buffer.from(`${username}:${password}`).toString("base64")],
    });
    const entry = secrets.registryAuth.find((candidate) => candidate.host === host);
    if (entry)
        return make(entry.username, entry.password, `registry-auth (entry ${entry.entry})`);
    const orEntry = `, or add a registry-auth entry for ${host}`;
    switch (kind) {
        case "ghcr": {
            const username = secrets.actor || secrets.repositoryOwner;
            if (!username) {
                errors.push(new errors_InputError("GITHUB_ACTOR", "", `is not set, so there is no username for ${host}`, `run on GitHub Actions${orEntry}`));
                return undefined;
            }
            if (secrets.useNonstandardGhcrToken) {
                if (!secrets.ghcrPushToken) {
                    missing("GHCR_PUSH_TOKEN", `pass GHCR_PUSH_TOKEN: \${{ secrets.GHCR_PUSH_TOKEN }} or set use-nonstandard-ghcr-token: false`);
                    return undefined;
                }
                return make(username, secrets.ghcrPushToken, `GHCR_PUSH_TOKEN as ${username}`);
            }
            if (!secrets.githubToken) {
                missing("github-token", `pass github-token: \${{ github.token }} and grant the job permissions: packages: write`);
                return undefined;
            }
            return make(username, secrets.githubToken, `github-token as ${secrets.actor ? "GITHUB_ACTOR" : "the repository owner"}`);
        }
        case "artifact-registry":
        case "container-registry": {
            const provider = secrets.garWorkloadIdentityProvider;
            if (provider && keyless) {
                planning.used("gar-workload-identity-provider");
                if (secrets.garPushToken) {
                    planning.warn("GAR_PUSH_TOKEN is ignored: gar-workload-identity-provider is set and wins for Artifact Registry and Container Registry; remove the secret once the keyless login works");
                }
                if (!oidc) {
                    planning.noOidc("gar-workload-identity-provider", provider);
                    return undefined;
                }
                const serviceAccount = secrets.garServiceAccount;
                return {
                    ...make(GOOGLE_USERNAME, "", `gar-workload-identity-provider ${serviceAccount ? `as ${serviceAccount}` : "(direct federation)"}`),
                    secrets: [],
                    keyless: {
                        registry: keyless,
                        source: { kind: "google", provider, ...(serviceAccount ? { serviceAccount } : {}) },
                    },
                };
            }
            if (!secrets.garPushToken) {
                missing("GAR_PUSH_TOKEN", `pass GAR_PUSH_TOKEN: \${{ secrets.GAR_PUSH_TOKEN }} or log in without a key: gar-workload-identity-provider (with id-token: write)`);
                return undefined;
            }
            try {
                const google = googleLogin(secrets.garPushToken);
                return make(google.username, google.password, `GAR_PUSH_TOKEN (${google.form})`, google.derived);
            }
            catch (error) {
                if (!(error instanceof errors_InputError))
                    throw error;
                // Reported once however many Google hosts there are.
                if (!errors.some((known) => known.message === error.message))
                    errors.push(error);
                return undefined;
            }
        }
        case "docker-hub": {
            const lacking = [
                ...(secrets.dockerUsername ? [] : ["DOCKER_USERNAME"]),
                ...(secrets.dockerToken ? [] : ["DOCKER_TOKEN"]),
            ];
            for (const input of lacking) {
                missing(input, `pass ${input}: \${{ secrets.${input} }} (Docker Hub needs both)`);
            }
            if (lacking.length > 0)
                return undefined;
            return make(secrets.dockerUsername, secrets.dockerToken, "DOCKER_USERNAME + DOCKER_TOKEN");
        }
        case "ecr":
        case "ecr-public": {
            if (!keyless)
                return "anonymous";
            const roleArn = secrets.awsRoleArn;
            const keyId = secrets.awsAccessKeyId;
            const secret = secrets.awsSecretAccessKey;
            if (roleArn) {
                planning.used("aws-role-arn");
                if (keyId || secret) {
                    planning.warn("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are ignored: aws-role-arn is set and wins for Amazon ECR; remove the secrets once the keyless login works");
                }
                if (!oidc) {
                    planning.noOidc("aws-role-arn", roleArn);
                    return undefined;
                }
                return {
                    ...make(ECR_USERNAME, "", `aws-role-arn ${roleArn}`),
                    secrets: [],
                    keyless: { registry: keyless, source: { kind: "aws-role", roleArn } },
                };
            }
            if (keyId && secret) {
                planning.used("AWS_ACCESS_KEY_ID");
                const session = secrets.awsSessionToken;
                return {
                    ...make(ECR_USERNAME, "", `AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY${session ? " + AWS_SESSION_TOKEN" : ""}`),
                    secrets: [secret, ...(session ? [session] : [])],
                    keyless: {
                        registry: keyless,
                        source: {
                            kind: "aws-keys",
                            credentials: {
                                accessKeyId: keyId,
                                secretAccessKey: secret,
                                ...(session ? { sessionToken: session } : {}),
                            },
                        },
                    },
                };
            }
            if (!keyId && !secret) {
                missing("aws-role-arn", "set aws-role-arn to a role this job may assume (and grant id-token: write), or pass AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
            }
            // One of the pair alone is an input error, reported by parseRequest.
            return undefined;
        }
        case "generic":
            return "anonymous";
    }
}

;// CONCATENATED MODULE: ./src/registry-auth.ts

// The YAML parser is most of this action's bundle and start-up, and only registry-auth needs it: it
// is loaded (a chunk of its own in dist/) by loadYamlParser(), which main runs when the input is set.
let yaml;
/** Loads the YAML parser that parseRegistryAuth and registryAuthPasswords use; call it first. */
async function loadYamlParser() {
    yaml ??= await __nccwpck_require__.e(/* import() */ 717).then(__nccwpck_require__.t.bind(__nccwpck_require__, 1717, 19));
}
function parser() {
    if (yaml === undefined)
        throw new Error("registry-auth: loadYamlParser() has not run");
    return yaml;
}
/** Shown instead of the value of an input that holds passwords. */
const HIDDEN = "<not shown: it holds passwords>";
const KEYS = ["registry", "username", "password"];
const SHAPE = "write a YAML list of {registry, username, password}, e.g. - registry: quay.io";
const QUOTE_FIX = `quote values, e.g. password: \${{ toJSON(secrets.QUAY_TOKEN) }}`;
const quoteFix = (key) => (key === "password" ? QUOTE_FIX : `quote it, e.g. ${key}: "1234"`);
/**
 * Parses the `registry-auth` input: a YAML list of `{registry, username, password}`. Every problem is
 * reported at once; no message ever contains a password (YAML errors give only their position).
 */
function parseRegistryAuth(text, input = "registry-auth") {
    if (text.trim() === "")
        return [];
    const { isMap, isScalar, isSeq, parseDocument } = parser();
    // prettyErrors sets linePos; its message quotes the input and is never shown.
    const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    const yamlError = document.errors[0];
    if (yamlError) {
        const at = yamlError.linePos?.[0];
        const where = at ? ` at line ${at.line}, column ${at.col}` : "";
        throw new errors_InputError(input, HIDDEN, `is not valid YAML${where} (${yamlError.code})`, `${SHAPE}; ${QUOTE_FIX}`);
    }
    const root = document.contents;
    if (root === null || (isScalar(root) && (root.value === null || root.value === "")))
        return [];
    if (!isSeq(root)) {
        const what = isMap(root) ? "a single mapping, not a list" : "not a YAML list";
        throw new errors_InputError(input, HIDDEN, `is ${what}`, `${SHAPE} (each entry starts with "- ")`);
    }
    const errors = [];
    const entries = [];
    root.items.forEach((item, index) => {
        const entry = index + 1;
        const label = `entry ${entry}`;
        if (!isMap(item)) {
            errors.push(new errors_InputError(input, label, "is not a mapping", SHAPE));
            return;
        }
        const fields = {};
        const mistyped = new Set();
        const problems = [];
        for (const pair of item.items) {
            const key = isScalar(pair.key) ? String(pair.key.value) : "";
            if (!KEYS.includes(key)) {
                problems.push([
                    `has an unknown key ${JSON.stringify(key.slice(0, 40))}`,
                    "use only registry, username and password",
                ]);
                continue;
            }
            const value = pair.value;
            if (isScalar(value) && typeof value.value === "string") {
                fields[key] = value.value;
            }
            else if (value === null || (isScalar(value) && value.value === null)) {
                fields[key] = "";
            }
            else {
                mistyped.add(key);
                const kind = isScalar(value) ? typeof value.value : isMap(value) ? "mapping" : "list";
                problems.push([`has a ${key} that YAML reads as a ${kind}, not a string`, quoteFix(key)]);
            }
        }
        const registry = fields.registry?.trim() ?? "";
        const host = registry === "" ? undefined : registryHost(registry);
        if (registry === "" && !mistyped.has("registry")) {
            problems.push(["has no registry", "add registry: <host>, e.g. registry: quay.io"]);
        }
        else if (registry !== "" && host === undefined) {
            problems.push([
                "is not a registry host",
                "write only the host, optionally with :port (quay.io, registry.example:5000)",
            ]);
        }
        if ((fields.username ?? "").trim() === "" && !mistyped.has("username")) {
            problems.push(["has no username", "add username: <account>"]);
        }
        if ((fields.password ?? "") === "" && !mistyped.has("password")) {
            problems.push([
                "has no password",
                `add password: \${{ secrets.<NAME> }}; if it is there, the secret is empty or not available to this workflow (forks and environments get none)`,
            ]);
        }
        const shown = registry === "" ? label : registry;
        const where = registry === "" ? "" : ` (${label})`;
        for (const [problem, fix] of problems)
            errors.push(new errors_InputError(input, shown, `${where.trim()} ${problem}`.trim(), fix));
        if (problems.length === 0 && host !== undefined) {
            const seen = entries.find((other) => other.host === host);
            if (seen) {
                errors.push(new errors_InputError(input, registry, `(${label}) repeats entry ${seen.entry} for ${host}`, "keep one entry per registry"));
            }
            else {
                entries.push({
                    host,
                    username: (fields.username ?? "").trim(),
                    password: fields.password ?? "",
                    entry,
                });
            }
        }
    });
    if (errors.length > 0)
        throw new errors_InputErrors(errors);
    return entries;
}
/**
 * Every value a `password` key holds anywhere in `registry-auth`, found even when the input is not valid
 * for parseRegistryAuth, so it can be masked before anything is printed. Throws only when
 * loadYamlParser() has not run.
 */
function registryAuthPasswords(text) {
    if (text.trim() === "")
        return [];
    const { isScalar, parseDocument, visit } = parser();
    const found = new Set();
    try {
        const document = parseDocument(text, { prettyErrors: false });
        visit(document, {
            Pair(_, pair) {
                if (isScalar(pair.key) && String(pair.key.value) === "password" && isScalar(pair.value)) {
                    const value = pair.value.source ?? String(pair.value.value ?? "");
                    if (value !== "")
                        found.add(String(value));
                    const raw = pair.value.value;
                    if (raw !== null && raw !== undefined && String(raw) !== "")
                        found.add(String(raw));
                }
            },
        });
    }
    catch {
        // Fall through to the line scan.
    }
    for (const match of text.matchAll(/password\s*:\s*(.+)$/gm)) {
        const raw = (match[1] ?? "").trim();
        // `password: |` starts a block scalar (its lines were found above); masking `|` itself would
        // turn every `|` of the job log into ***.
        if (/^[|>][0-9+-]*$/.test(raw))
            continue;
        if (raw)
            found.add(raw);
        const unquoted = raw.replace(/^(["'])(.*)\1$/, "$2").trim();
        if (unquoted)
            found.add(unquoted);
    }
    return [...found];
}
/** The canonical host of a `registry:` value (`https://index.docker.io/v1/` → `docker.io`), if valid. */
function registryHost(value) {
    let rest = value.trim().replace(/^https?:\/\//i, "");
    if (/^(?:index\.|registry-1\.)?docker\.io\/v1\/?$/i.test(rest))
        rest = "docker.io";
    rest = rest.replace(/\/$/, "");
    if (rest === "" || rest.includes("/"))
        return undefined;
    try {
        return parseImage(`${rest}/probe`, "registry").host;
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/inputs.ts




/**
 * Validates every input and decides every login before anything happens. All problems (bad images,
 * malformed registry-auth, missing secrets) are thrown together as InputErrors; none shows a secret.
 */
function parseRequest(raw, context, problems = new errors_Problems(), env = process.env) {
    const parsedImages = problems.attempt(() => image_parseImages(raw.images, "images"));
    const keyless = parseKeyless(raw, problems);
    const registryAuth = problems.attempt(() => parseRegistryAuth(raw.registryAuth, "registry-auth"));
    const insecure = problems.attempt(() => parseInsecureRegistries(raw.insecureRegistries)) ?? [];
    if (!parsedImages || !registryAuth) {
        problems.throwIfAny();
        throw new Error("unreachable: parsing failed without a problem");
    }
    const errors = [];
    const plan = planLogins(parsedImages.images, {
        registryAuth,
        githubToken: raw.githubToken,
        ghcrPushToken: raw.ghcrPushToken,
        useNonstandardGhcrToken: raw.useNonstandardGhcrToken,
        garPushToken: raw.garPushToken,
        dockerUsername: raw.dockerUsername,
        dockerToken: raw.dockerToken,
        actor: context.actor,
        repositoryOwner: context.repositoryOwner,
        requireSecrets: raw.requireSecrets,
        ...keyless,
        env,
    }, errors);
    for (const error of errors)
        problems.add(error);
    problems.throwIfAny();
    return {
        ...plan,
        warnings: [...parsedImages.warnings, ...plan.warnings],
        images: parsedImages.images,
        logout: raw.logout,
        insecure,
        checkPush: raw.checkPush,
    };
}
/** The keyless inputs, checked: every problem recorded, the valid values returned (empty if not). */
function parseKeyless(raw, problems) {
    const { garWorkloadIdentityProvider, garServiceAccount, awsRoleArn } = parseKeylessInputs(raw, problems);
    const pair = [
        ["AWS_ACCESS_KEY_ID", raw.awsAccessKeyId, "AWS_SECRET_ACCESS_KEY"],
        ["AWS_SECRET_ACCESS_KEY", raw.awsSecretAccessKey, "AWS_ACCESS_KEY_ID"],
    ];
    for (const [input, value, other] of pair) {
        if (value && !(input === "AWS_ACCESS_KEY_ID" ? raw.awsSecretAccessKey : raw.awsAccessKeyId)) {
            const shown = input === "AWS_ACCESS_KEY_ID" ? value : "<not shown: it is a secret>";
            problems.add(new errors_InputError(input, shown, `is set but ${other} is empty`, `pass both (an access key is a pair), or use aws-role-arn`));
        }
    }
    if (raw.awsSessionToken && !(raw.awsAccessKeyId && raw.awsSecretAccessKey)) {
        problems.add(new errors_InputError("AWS_SESSION_TOKEN", "<not shown: it is a secret>", "is set without AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY", "pass the session's access key pair with it"));
    }
    return {
        garWorkloadIdentityProvider,
        garServiceAccount,
        awsRoleArn,
        awsAccessKeyId: raw.awsAccessKeyId,
        awsSecretAccessKey: raw.awsSecretAccessKey,
        awsSessionToken: raw.awsSessionToken,
    };
}

;// CONCATENATED MODULE: external "node:url"
const external_node_url_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");
// EXTERNAL MODULE: ./src/helper/errors.ts
var errors = __nccwpck_require__(1425);
;// CONCATENATED MODULE: ./src/run.ts







/** Every login that failed its check; nothing was written to the Docker config. */
class LoginFailures extends Error {
    failures;
    name = "LoginFailures";
    constructor(failures) {
        super(failures.length === 1
            ? (failures[0]?.message ?? "login failed")
            : `${failures.length} logins failed:\n${failures.map((f) => `  - ${f.message}`).join("\n")}`);
        this.failures = failures;
    }
}
/** The verifier of the action: the shared registry client (insecure hosts as docker treats them). */
function registryVerifier(insecure = [], retryPolicy) {
    return (login, pushTo) => verifyCredentials(login.host, { username: login.username, password: login.password }, { insecure: insecure.includes(login.host), pushTo, ...(retryPolicy ? { retryPolicy } : {}) });
}
/**
 * Logs in to every planned registry: masks every secret, checks each login against its registry
 * (all of them, concurrently), and only when all pass writes them into the Docker config in one
 * atomic write. Bad credentials fail here, not at push time, and leave the config untouched.
 */
async function run(request, deps) {
    for (const login of request.logins)
        for (const secret of login.secrets)
            deps.mask(secret);
    const env = deps.env ?? process.env;
    const verify = deps.verify ?? registryVerifier(request.insecure, deps.retryPolicy);
    const bundle = deps.helperBundle ?? defaultHelperBundle();
    const mint = deps.mint ?? (async (login) => (await helperSetup()).mintOnce(bundle, login, env));
    const pushTo = (host) => request.checkPush ? request.images.filter((image) => image.host === host).map((image) => image.path) : [];
    const config = await readDockerConfig(deps.configPath);
    const warnings = request.logins.flatMap((login) => shadowWarnings(login, config, deps.configPath));
    // Google federation and ECR roles are answered by the credential helper, which mints again when
    // the password nears its end: a push late in a long build still has a valid one. It starts first,
    // so that the login check gets its credential exactly as docker, buildx and buildah will.
    const helped = request.logins.filter((login) => helperSource(login) !== undefined);
    const helper = helped.length > 0 ? await startHelper(helped, deps, env, bundle) : undefined;
    try {
        const { logins, checks } = await group("Check credentials against each registry", async () => {
            const settled = await Promise.allSettled(request.logins.map(async (planned) => {
                let login = planned;
                if (helper && helperSource(planned)) {
                    login = withPassword(planned, await askHelper(helper, planned.configKey, env), deps.mask);
                }
                else if (planned.keyless) {
                    // An ECR access key pair: its 12-hour password goes into `auths`.
                    login = withPassword(planned, await mint(planned.keyless), deps.mask);
                }
                return { login, check: await verify(login, pushTo(login.host)) };
            }));
            const failures = [];
            const results = new Map();
            const ready = [];
            settled.forEach((outcome, index) => {
                const planned = request.logins[index];
                if (!planned)
                    return;
                if (outcome.status === "fulfilled") {
                    const { login, check } = outcome.value;
                    ready.push(login);
                    results.set(login.host, check);
                    info(check.scheme === "none"
                        ? `${login.host}: needs no login, so ${login.username} (from ${login.source}) was not checked`
                        : `${login.host}: ${login.username} (from ${login.source}) accepted, ${check.scheme} auth`);
                    for (const [path, how] of Object.entries(check.push ?? {})) {
                        info(`${login.host}/${path}: may push (${how === "token" ? "the token grants push" : "a blob upload was started and cancelled"})`);
                    }
                }
                else {
                    failures.push({ host: planned.host, message: failureMessage(planned, outcome.reason) });
                }
            });
            if (failures.length > 0)
                throw new LoginFailures(failures);
            if (request.logins.length === 0)
                info("No registry to log in to.");
            return { logins: ready, checks: results };
        });
        const changes = await group(`Write credentials to ${deps.configPath}`, async () => {
            if (logins.length === 0)
                return { auths: [], credHelpers: [] };
            const auths = {};
            const credHelpers = {};
            for (const login of logins) {
                if (helper && helperSource(login))
                    credHelpers[login.configKey] = helper.name;
                else
                    auths[login.configKey] = authEntry({ username: login.username, password: login.password });
            }
            const written = await addLoginEntries({ auths, credHelpers }, deps.configPath);
            for (const change of written.auths) {
                info(`${change.key}: ${change.previous ? "replaced the entry that was there" : "added"}`);
            }
            for (const change of written.credHelpers) {
                info(`${change.host}: credHelpers ${change.helper}${change.previous ? ` (replacing ${change.previous})` : ""}: docker-credential-${change.helper} answers with a fresh token`);
            }
            return written;
        });
        return {
            outputs: { registries: logins.map((login) => login.host) },
            ...(helper ? { helperPath: helper.dir } : {}),
            rows: logins.map((login) => ({
                host: login.host,
                kind: login.kind,
                username: login.username,
                source: login.source,
                verified: describeCheck(checks.get(login.host)) +
                    (helper && helperSource(login) ? `; renewed by docker-credential-${helper.name}` : ""),
            })),
            state: {
                configPath: deps.configPath,
                logout: request.logout,
                changes: changes.auths,
                ...(helper ? { helper, helperChanges: changes.credHelpers } : {}),
            },
            warnings,
        };
    }
    catch (error) {
        // Nothing was written: the helper goes too.
        if (helper)
            await (await helperSetup()).uninstallHelper(helper);
        throw error;
    }
}
/** The login with its freshly made password; the password and its forms are masked at once. */
function withPassword(login, credential, mask) {
    const secrets = [
        credential.password,
        Buffer.from(`${credential.username}:${credential.password}`).toString("base64"),
    ];
    for (const secret of secrets)
        mask(secret);
    return {
        ...login,
        username: credential.username,
        password: credential.password,
        secrets: [...login.secrets, ...secrets],
    };
}
/** What the credential helper makes this login's password from; undefined for a stored one. */
function helperSource(login) {
    const source = login.keyless?.source;
    return source && source.kind !== "aws-keys" ? source : undefined;
}
/**
 * Setting up, asking and taking down the credential helper: loaded on first use, so logins with a
 * password (most jobs) do not parse it at start-up.
 */
function helperSetup() {
    return __nccwpck_require__.e(/* import() */ 219).then(__nccwpck_require__.bind(__nccwpck_require__, 3219));
}
/** The helper bundle beside this one: dist/helper/index.js. */
function defaultHelperBundle() {
    return (0,external_node_path_.join)((0,external_node_path_.dirname)((0,external_node_url_namespaceObject.fileURLToPath)(import.meta.url)), "helper", "index.js");
}
/** Starts the credential helper (its caching process) for the hosts it answers for. */
async function startHelper(logins, deps, env, bundle) {
    return group("Start the credential helper", async () => {
        const hosts = {};
        for (const login of logins) {
            const source = helperSource(login);
            if (login.keyless && source)
                hosts[login.configKey] = { registry: login.keyless.registry, source };
        }
        const install = deps.installHelper ??
            (async (wanted) => (await helperSetup()).installHelper(wanted, { tempDir: env.RUNNER_TEMP || (0,external_node_os_namespaceObject.tmpdir)(), bundle, env }));
        try {
            const helper = await install(hosts);
            info(`docker-credential-${helper.name} answers for ${Object.keys(hosts).join(", ")} (caching process ${helper.pid}); the post step removes it`);
            return helper;
        }
        catch (error) {
            throw new LoginFailures(Object.keys(hosts).map((host) => ({
                host,
                message: `${host}: the credential helper could not be started: ${asError(error).message}; nothing was written`,
            })));
        }
    });
}
/** `docker-credential-<name> get <host>`, run as docker runs it: the script on PATH. */
async function askHelper(helper, host, env) {
    let answer;
    try {
        answer = await helperGet(helper.name, host, { ...env, PATH: `${helper.dir}:${env.PATH ?? ""}` }, HELPER_TIMEOUT_MS);
    }
    catch (error) {
        const said = error instanceof errors_CommandError ? error.stderr : asError(error).message;
        throw new errors/* HelperError */.p(said.replace(/^no credentials for \S+: /, ""));
    }
    if (!answer?.username || !answer.password) {
        throw new errors/* HelperError */.p(`docker-credential-${helper.name} answered without a password`);
    }
    return { username: answer.username, password: answer.password };
}
/**
 * The post step: removes the entries the main step added and puts back those it replaced; an entry
 * changed since (a later login) is left alone. `logout: false` keeps the password entries; the
 * credential helper and its `credHelpers` entries always go, as they cannot work after the job.
 */
async function logout(state) {
    const auths = state.logout ? state.changes : [];
    const credHelpers = state.helperChanges ?? [];
    const outcomes = auths.length > 0 || credHelpers.length > 0
        ? await restoreLoginEntries({ auths, credHelpers }, state.configPath)
        : { auths: {}, credHelpers: {} };
    if (state.helper)
        await (await helperSetup()).uninstallHelper(state.helper);
    return {
        ...outcomes.auths,
        ...Object.fromEntries(Object.entries(outcomes.credHelpers).map(([host, outcome]) => [`credHelpers ${host}`, outcome])),
    };
}
function describeCheck(check) {
    const push = check?.push && Object.keys(check.push).length > 0 ? ", push checked" : "";
    switch (check?.scheme) {
        case "basic":
            return `yes (basic auth${push})`;
        case "bearer":
            return `yes (token auth${push})`;
        case "none":
            return "not needed: the registry allows anonymous access";
        default:
            return "no";
    }
}
function failureMessage(login, reason) {
    const error = asError(reason);
    if (error instanceof errors/* HelperError */.p) {
        return `${login.host}: logging in with ${login.source} failed: ${error.message}`;
    }
    if (error instanceof RepositoryMissingError && (login.kind === "ecr" || login.kind === "ecr-public")) {
        return `${missingEcrRepository(login, error.repository.path)} (${error.refusal.message})`;
    }
    if (error instanceof PushCheckError) {
        const said = error.refusal.detail || error.refusal.code || `HTTP ${error.refusal.status}`;
        const fix = error.reason === "denied"
            ? pushFix(login)
            : error.reason === "no-repository"
                ? `create the repository first; ${login.host} does not create repositories on push`
                : `check that ${error.image} is a repository path ${login.host} accepts, and that the account may push there`;
        return `${error.image}: cannot push as ${JSON.stringify(login.username)} with ${login.source}: the registry said ${JSON.stringify(said)} (${error.refusal.operation} answered ${error.refusal.status}); ${fix}`;
    }
    const who = `${login.host}: logging in as ${JSON.stringify(login.username)} with ${login.source} failed`;
    if (error instanceof errors_RegistryError && (error.status === 401 || error.status === 403)) {
        return `${who}: the registry refused the credentials (${error.message}); ${refusalFix(login)}`;
    }
    if (error instanceof errors_RegistryError && isCertificateError(error.code)) {
        return `${who}: ${error.message}; nothing was written`;
    }
    return `${who}: ${error.message}; the registry could not be reached or kept failing, so nothing was written`;
}
/**
 * Amazon ECR creates a repository on push only where a repository creation template applies to
 * CREATE_ON_PUSH (since December 2025; ECR Public never does): say which one is missing and both fixes.
 */
function missingEcrRepository(login, path) {
    const registry = login.keyless?.registry;
    if (registry?.provider === "ecr") {
        return `${login.host}/${path}: the repository does not exist in Amazon ECR; create it (aws ecr create-repository --repository-name ${path} --region ${registry.region}, or in Terraform/CloudFormation beside the role) or enable create-on-push (a repository creation template applied for CREATE_ON_PUSH: aws ecr create-repository-creation-template --prefix ROOT --applied-for CREATE_ON_PUSH --region ${registry.region})`;
    }
    return `${login.host}/${path}: the repository does not exist in Amazon ECR Public, which does not create repositories on push; create it (aws ecr-public create-repository --repository-name ${path} --region ${ECR_PUBLIC_REGION})`;
}
function pushFix(login) {
    if (login.source.startsWith("registry-auth"))
        return "give that registry-auth account push (write) permission on the repository";
    const source = login.keyless?.source;
    if (source?.kind === "google") {
        return source.serviceAccount
            ? `grant ${source.serviceAccount} Artifact Registry Writer (roles/artifactregistry.writer) on the repository`
            : `grant the workload identity pool's principal for this repository (principalSet://iam.googleapis.com/${source.provider.replace(/\/providers\/[^/]+$/, "")}/attribute.repository/<org>/<repo>) Artifact Registry Writer (roles/artifactregistry.writer) on the repository, or set gar-service-account`;
    }
    if (login.kind === "ecr" || login.kind === "ecr-public") {
        return `allow ${login.kind === "ecr" ? "ecr" : "ecr-public"}:BatchCheckLayerAvailability, InitiateLayerUpload, UploadLayerPart, CompleteLayerUpload and PutImage on the repository for ${source?.kind === "aws-role" ? source.roleArn : "the access key's user"}`;
    }
    switch (login.kind) {
        case "ghcr":
            return "give the job permissions: packages: write, and in the package's settings (Manage Actions access) give this repository the Write role";
        case "artifact-registry":
        case "container-registry":
            return "grant the service account Artifact Registry Writer (roles/artifactregistry.writer) on the repository";
        case "docker-hub":
            return "use an access token with Read & Write (a Read-only token cannot push) for an account that may push to the repository";
        default:
            return "give the account push (write) permission on the repository";
    }
}
function refusalFix(login) {
    if (login.source.startsWith("registry-auth"))
        return `check the username and password of that registry-auth entry`;
    switch (login.keyless?.source.kind) {
        case "google":
            return "the token was made but the registry refused it: grant the principal Artifact Registry Reader or Writer on the repository (direct federation needs the pool's principalSet there)";
        case "aws-role":
        case "aws-keys":
            return "the password was made but the registry refused it: check that the registry is in the account and region the credentials are for";
    }
    switch (login.kind) {
        case "ghcr":
            return "check that the token is valid and that the job has permissions: packages: write";
        case "artifact-registry":
        case "container-registry":
            return "check GAR_PUSH_TOKEN: a valid service-account key (or a fresh access token) with Artifact Registry Writer";
        case "docker-hub":
            return "check DOCKER_USERNAME and DOCKER_TOKEN (an access token with Read & Write)";
        default:
            return "check the credentials";
    }
}
/** Warnings for config settings that make clients ignore the entry this action writes. */
function shadowWarnings(login, config, path) {
    const warnings = [];
    const helper = credentialHelperFor(config, login.host);
    if (helper) {
        warnings.push(`${login.host}: ${path} names credHelpers "${helper}" for it, so docker, buildah and manifest-stitch ask docker-credential-${helper} and ignore the entry written here; remove that credHelpers entry or use another DOCKER_CONFIG`);
    }
    else if (config.credsStore) {
        warnings.push(`${login.host}: ${path} sets credsStore "${config.credsStore}", so docker and buildx ask docker-credential-${config.credsStore} instead of the entry written here; remove credsStore or use another DOCKER_CONFIG`);
    }
    const others = authKeyCandidates(login.host).filter((key) => key !== login.configKey && config.auths?.[key] !== undefined);
    if (others.length > 0) {
        warnings.push(`${login.host}: ${path} also has entries under ${others.join(", ")}, which some clients may pick instead of ${login.configKey}; remove them`);
    }
    return warnings;
}
/** For logs: what logout did to each entry. */
function describeOutcome(key, outcome) {
    switch (outcome) {
        case "removed":
            return `${key}: removed`;
        case "restored":
            return `${key}: restored the entry that was there before`;
        case "already-gone":
            return `${key}: already gone`;
        case "changed-since":
            return `${key}: left as it is, it was changed after this login (by a later login?)`;
    }
}

;// CONCATENATED MODULE: ./src/state.ts
/**
 * What the main step leaves for the post step (`runs.post`), as typed values. The runner keeps state
 * in a file of its own and hands it to the post step as STATE_* variables, never in a log.
 */

const POST = "isPost";
const LOGIN = "login";
/** True in the post step: the main step saved `isPost` before doing anything. */
function isPostStep() {
    return getState(POST) === "true";
}
/** Called first thing by the main step, so the same bundle knows it runs as the post step later. */
function markMainStepStarted() {
    saveState(POST, "true");
}
function saveLoginState(state) {
    saveState(LOGIN, encodeLoginState(state));
}
/** The main step's login state, or undefined when it wrote nothing (it failed first, or never ran). */
function readLoginState() {
    const text = getState(LOGIN);
    return text === "" ? undefined : decodeLoginState(text);
}
function encodeLoginState(state) {
    return JSON.stringify(state);
}
/** Parses and checks saved state; throws a plain message (never the state, it holds secrets). */
function decodeLoginState(text) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        throw new Error("the main step's saved login state is not JSON; the Docker config was left as it is");
    }
    if (!isRecord(value) || typeof value.configPath !== "string" || typeof value.logout !== "boolean") {
        throw new Error("the main step's saved login state is malformed; the Docker config was left as it is");
    }
    const changes = Array.isArray(value.changes) ? value.changes : undefined;
    if (!changes?.every((change) => isRecord(change) &&
        typeof change.key === "string" &&
        typeof change.writtenDigest === "string" &&
        (change.previous === undefined || isRecord(change.previous)))) {
        throw new Error("the main step's saved login state is malformed; the Docker config was left as it is");
    }
    const helper = value.helper;
    const helperChanges = value.helperChanges ?? [];
    if ((helper !== undefined &&
        !(isRecord(helper) &&
            typeof helper.name === "string" &&
            typeof helper.dir === "string" &&
            typeof helper.configPath === "string" &&
            typeof helper.pid === "number")) ||
        !Array.isArray(helperChanges) ||
        !helperChanges.every((change) => isRecord(change) &&
            typeof change.host === "string" &&
            typeof change.helper === "string" &&
            (change.previous === undefined || typeof change.previous === "string"))) {
        throw new Error("the main step's saved login state is malformed; the Docker config was left as it is");
    }
    return {
        configPath: value.configPath,
        logout: value.logout,
        changes: changes.map((change) => ({
            key: change.key,
            writtenDigest: change.writtenDigest,
            ...(change.previous === undefined ? {} : { previous: change.previous }),
        })),
        ...(helper === undefined ? {} : { helper: helper }),
        ...(helperChanges.length > 0 ? { helperChanges: helperChanges } : {}),
    };
}
function isRecord(value) {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

;// CONCATENATED MODULE: ./src/main.ts







/** Entry point of both steps: the runner runs the same bundle as `main` and as `post`. */
async function main() {
    if (isPostStep())
        await postStep();
    else
        await mainStep();
}
async function mainStep() {
    markMainStepStarted();
    try {
        // Mask every secret the moment it is read, before anything can print it (maskSecret announces
        // each value once).
        const mask = maskSecret;
        const secret = (name) => {
            const value = getString(name);
            mask(value);
            return value;
        };
        const githubToken = secret("github-token");
        const ghcrPushToken = secret("GHCR_PUSH_TOKEN");
        const garPushToken = secret("GAR_PUSH_TOKEN");
        const dockerToken = secret("DOCKER_TOKEN");
        const awsSecretAccessKey = secret("AWS_SECRET_ACCESS_KEY");
        const awsSessionToken = secret("AWS_SESSION_TOKEN");
        const registryAuth = getText("registry-auth");
        if (registryAuth.trim() !== "")
            await loadYamlParser();
        for (const password of registryAuthPasswords(registryAuth))
            mask(password);
        const problems = new errors_Problems();
        const requireSecrets = getBoolean("require-secrets", problems, true);
        const request = parseRequest({
            images: getText("images"),
            githubToken,
            registryAuth,
            ghcrPushToken,
            useNonstandardGhcrToken: getBoolean("use-nonstandard-ghcr-token", problems, false),
            garPushToken,
            dockerUsername: getString("DOCKER_USERNAME"),
            dockerToken,
            logout: getBoolean("logout", problems, true),
            requireSecrets,
            insecureRegistries: getText("insecure-registries"),
            // Unset: a job that requires its secrets is one that pushes.
            checkPush: getBoolean("check-push", problems, requireSecrets),
            garWorkloadIdentityProvider: getString("gar-workload-identity-provider"),
            garServiceAccount: getString("gar-service-account"),
            awsRoleArn: getString("aws-role-arn"),
            awsAccessKeyId: getString("AWS_ACCESS_KEY_ID"),
            awsSecretAccessKey,
            awsSessionToken,
        }, readGitHubContext(), problems);
        warnAll(request.warnings);
        for (const note of request.notes)
            info(note);
        const result = await run(request, { configPath: dockerConfigPath(), mask });
        // State first: whatever happens next, the post step must be able to undo the write.
        if (result.state.changes.length > 0 || result.state.helper)
            saveLoginState(result.state);
        // The credential helper on PATH for the job's later steps (docker, buildx, buildah, the stitch).
        if (result.helperPath)
            addPath(result.helperPath);
        warnAll(result.warnings);
        setOutputs({ registries: result.outputs.registries });
        info(result.outputs.registries.length > 0
            ? `Logged in to ${result.outputs.registries.join(", ")}${request.logout ? "; the post step logs out" : " (logout: false, the credentials stay)"}`
            : "Logged in nowhere: no image needs credentials");
        await summarise(result.rows, request.anonymous);
    }
    catch (error) {
        if (error instanceof LoginFailures) {
            for (const failure of error.failures)
                core_error(failure.message, { title: `Login to ${failure.host} failed` });
            const count = error.failures.length;
            setFailed(`${count} login${count === 1 ? "" : "s"} failed; nothing was written to the Docker config, nothing was pushed`);
        }
        else {
            reportFailure(error);
        }
    }
}
async function postStep() {
    try {
        const state = readLoginState();
        if (!state) {
            info("Nothing to log out of: the main step wrote no credentials.");
            return;
        }
        if (!state.logout && !state.helper) {
            info(`logout: false, so the credentials stay in ${state.configPath}.`);
            return;
        }
        if (!state.logout) {
            info(`logout: false, so the passwords stay in ${state.configPath}; the credential helper goes, as it cannot work after the job.`);
        }
        await group(`Remove the credentials from ${state.configPath}`, async () => {
            const outcomes = await logout(state);
            if (state.helper)
                info(`docker-credential-${state.helper.name}: stopped and removed`);
            for (const [key, outcome] of Object.entries(outcomes)) {
                const line = describeOutcome(key, outcome);
                if (outcome === "changed-since")
                    core_warning(line);
                else
                    info(line);
            }
        });
    }
    catch (error) {
        reportFailure(error);
    }
}
async function summarise(rows, anonymous) {
    const table = rows.map((row) => [
        `\`${cell(row.host)}\``,
        cell(row.kind),
        `\`${cell(row.username)}\``,
        cell(row.source),
        cell(row.verified),
    ]);
    const notes = anonymous.length > 0
        ? `No credentials for ${anonymous.map((host) => `\`${cell(host)}\``).join(", ")}: pushed to anonymously.`
        : "";
    await writeSummary("Registry logins", ["Registry", "Kind", "Username", "Credential from", "Verified"], table, notes);
}


/***/ }),

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 5317:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 1421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 6928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 932:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("process");

/***/ }),

/***/ 3193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 3557:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");

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
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
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
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
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
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat */
/******/ 
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = new URL('.', import.meta.url).pathname.slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(3887);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
