package health.ward.kit.check;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every checker ward-kit ships, keyed by control id. */
public final class Checks {

    private Checks() {
    }

    public static List<Check> all() {
        return List.of(new RunAsNonRootCheck(), new ReadOnlyRootFilesystemCheck(), new NoPrivilegeEscalationCheck(),
                        new DropAllCapabilitiesCheck(), new SeccompRuntimeDefaultCheck(), new NoHostAccessCheck(),
                        new ImageDigestCheck(), new ResourceLimitsCheck(), new SecretEnvLiteralCheck(),
                        new EncryptedStorageClassCheck(), new DefaultDenyNetworkPolicyCheck(),
                        new DatabaseReachabilityCheck(), new RbacLeastPrivilegeCheck(), new ServiceAccountTokenCheck(),
                        new IstioMtlsCheck(), new DataClassificationLabelCheck(), new IstioInjectionCheck(),
                        new NoExternalServiceCheck(), new ApiEgressCheck(), new OperatorRoleSeparationCheck(),
                        new BackupScheduleCheck(), new SecretsEncryptionAtRestCheck(), new ApiAuditPolicyCheck())
                .stream()
                .sorted(Comparator.comparing(Check::controlId))
                .toList();
    }

    public static Map<String, Check> byControlId() {
        return all().stream().collect(Collectors.toMap(Check::controlId, Function.identity()));
    }
}
