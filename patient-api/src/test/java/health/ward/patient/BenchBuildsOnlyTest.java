package health.ward.patient;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import health.ward.patient.audit.AuditLog;
import health.ward.patient.audit.BenchUnauditedLog;
import health.ward.patient.crypto.BenchFixedSubjectKeys;
import health.ward.patient.crypto.BenchNaiveTransitFieldCipher;
import health.ward.patient.crypto.BenchPlaintextFieldCipher;
import health.ward.patient.crypto.FieldCipher;
import health.ward.patient.crypto.SubjectKeys;
import health.ward.testing.WardServersResource;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The benchmark-only beans (encryption and audit off, naive per-field Transit) are build-profile
 * alternatives: in any other build — this test build, like the shipped one — the real beans serve.
 */
@QuarkusTest
@WithTestResource(WardServersResource.class)
class BenchBuildsOnlyTest {

    @Test
    void encryptionKeysAndAuditAreTheRealOnes() {
        assertThat(ClientProxy.unwrap(Arc.container().instance(FieldCipher.class).get()))
                .isNotInstanceOf(BenchPlaintextFieldCipher.class).isNotInstanceOf(BenchNaiveTransitFieldCipher.class);
        assertThat(ClientProxy.unwrap(Arc.container().instance(SubjectKeys.class).get())).isNotInstanceOf(BenchFixedSubjectKeys.class);
        assertThat(ClientProxy.unwrap(Arc.container().instance(AuditLog.class).get())).isNotInstanceOf(BenchUnauditedLog.class);
        assertThat(Arc.container().select(BenchPlaintextFieldCipher.class).isResolvable()).isFalse();
        assertThat(Arc.container().select(BenchUnauditedLog.class).isResolvable()).isFalse();
    }
}
