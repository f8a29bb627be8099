package health.ward.kit.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version the jar was built as, so a report can be traced to the kit that made it. */
public final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = WardKit.class.getPackage().getImplementationVersion();
        return new String[] {"ward-kit " + (version == null ? "(unpackaged build)" : version)};
    }
}
