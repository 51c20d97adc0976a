package io.hybridsr.app.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version Maven wrote into the jar's manifest (or says it runs from classes). */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = HybridsrCli.class.getPackage().getImplementationVersion();
    return new String[] {"hybridsr " + (v == null ? "(development build)" : v)};
  }
}
