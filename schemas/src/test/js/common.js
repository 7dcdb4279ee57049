'use strict';
// Shared by the interop scripts: clients, logging to stderr, and the one JSON line of result on stdout.
const { Kafka, logLevel } = require('kafkajs');
const { SchemaRegistry } = require('@kafkajs/confluent-schema-registry');

function log(...parts) {
  process.stderr.write(parts.join(' ') + '\n');
}

function kafka(brokers) {
  return new Kafka({
    clientId: 'outagewatch-js-interop',
    brokers: brokers.split(','),
    logLevel: logLevel.WARN,
    logCreator: () => ({ namespace, level, log: entry }) => log(`[kafkajs ${namespace} ${level}]`, entry.message),
    retry: { retries: 5 },
  });
}

function registry(url, userInfo) {
  const options = { host: url };
  if (userInfo) {
    const [username, password] = userInfo.split(':');
    options.auth = { username, password };
  }
  return new SchemaRegistry(options);
}

// Prints the result as one JSON line (the test reads the last line of stdout); longs become strings.
function result(value) {
  process.stdout.write(JSON.stringify(value, (key, v) => (typeof v === 'bigint' ? v.toString() : v)) + '\n');
}

// Runs main with a deadline, so a stuck client fails instead of hanging the build.
function run(main, seconds = 60) {
  const timer = setTimeout(() => {
    log(`timed out after ${seconds} s`);
    process.exit(2);
  }, seconds * 1000);
  main().then(
    () => { clearTimeout(timer); process.exit(0); },
    (error) => { log('failed:', error && error.stack ? error.stack : error); process.exit(1); },
  );
}

module.exports = { kafka, registry, result, run, log };
