// Compiles JSON Schemas and validates JSON instances with ajv's draft 2020-12 class
// in its default options (strict mode on), as a JavaScript editor or CI tool would.
// Used by tests/schema_support.py:
//
//   node tests/ajv_check.js MANIFEST
//
// MANIFEST is a JSON file: {"schemas": {name: path}, "instances": {key: [name, path]}}.
// Prints {"schemas": {name: [problems]}, "instances": {key: [errors]}}: a schema's
// problems are its compile error and the strict-mode warnings ajv logged while
// compiling it (strictTypes and strictTuples only log); an instance's errors are
// empty when it is valid.
"use strict";

const fs = require("fs");
const Ajv2020 = require("ajv/dist/2020");

const readJson = (path) => JSON.parse(fs.readFileSync(path, "utf8"));
const manifest = readJson(process.argv[2]);
const ajv = new Ajv2020();

// ajv logs strict-mode warnings through console.warn: collect them for the schema
// being compiled, so that a warning fails the test like an error does.
let warnings = [];
console.warn = (...parts) => warnings.push(parts.join(" "));

const problems = {};
const validators = {};
for (const [name, path] of Object.entries(manifest.schemas)) {
  warnings = [];
  try {
    validators[name] = ajv.compile(readJson(path));
  } catch (error) {
    warnings.push(error.message);
  }
  problems[name] = warnings;
}

const errors = {};
for (const [key, [name, path]] of Object.entries(manifest.instances)) {
  const validate = validators[name];
  if (validate === undefined) {
    errors[key] = [`the schema ${name} does not compile`];
  } else if (validate(readJson(path))) {
    errors[key] = [];
  } else {
    errors[key] = validate.errors.map((e) => `${e.instancePath || "/"}: ${e.message}`);
  }
}
process.stdout.write(JSON.stringify({ schemas: problems, instances: errors }));
