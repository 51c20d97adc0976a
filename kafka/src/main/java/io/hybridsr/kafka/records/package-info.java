/**
 * Record schemas and serdes: patch records (payload bytes with metadata in headers), dead-letter
 * headers, and the JSON outcome records of {@code hybridsr.results}.
 */
package io.hybridsr.kafka.records;
