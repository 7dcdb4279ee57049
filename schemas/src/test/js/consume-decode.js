'use strict';
// Reads COUNT records from partition 0 of TOPIC from offset 0 with kafkajs and decodes their values with
// @kafkajs/confluent-schema-registry (which fetches the writer schema by the id in the wire header).
// Prints {"records":[{"key":..., "schemaId":..., "value":{...}}]}.
// Usage: node consume-decode.js BROKERS REGISTRY_URL TOPIC COUNT
const { kafka, registry, result, run, log } = require('./common');

const [brokers, registryUrl, topic, countText] = process.argv.slice(2);
const count = Number(countText);

run(async () => {
  const schemas = registry(registryUrl);
  // A group of its own each run, reading from the beginning, committing nothing: the test owns the offsets.
  const consumer = kafka(brokers).consumer({ groupId: `outagewatch-js-interop-${process.pid}-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const records = [];
  await new Promise((resolve, reject) => {
    consumer.run({
      autoCommit: false,
      eachMessage: async ({ message, partition }) => {
        try {
          const value = await schemas.decode(message.value);
          records.push({ key: message.key && message.key.toString(), partition, offset: message.offset,
            schemaId: message.value.readInt32BE(1), magicByte: message.value[0], value });
          if (records.length >= count) {
            resolve();
          }
        } catch (error) {
          reject(error);
        }
      },
    }).catch(reject);
  });
  await consumer.disconnect();
  log(`decoded ${records.length} records from ${topic}`);
  result({ records });
});
