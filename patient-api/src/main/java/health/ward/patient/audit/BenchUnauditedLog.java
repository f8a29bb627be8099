package health.ward.patient.audit;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;

import health.ward.patient.metrics.WardMetrics;
import health.ward.patient.security.AccessContext;
import health.ward.patient.security.Caller;
import io.quarkus.arc.profile.IfBuildProfile;

/**
 * BENCHMARK BUILD ONLY (build profile {@code bench-plain}): audit events are described but never
 * written — the "audit off" half of issue 3's baseline. Exists only in a jar built with
 * {@code -Dquarkus.profile=bench-plain}.
 */
@IfBuildProfile("bench-plain")
@Alternative
@Priority(1)
@Singleton // not normal-scoped: the superclass has no no-args constructor for a client proxy
public class BenchUnauditedLog extends AuditLog {

    BenchUnauditedLog(EntityManager em, Caller caller, AccessContext context, AuditMacKey macKey, WardMetrics metrics) {
        super(em, caller, context, macKey, metrics);
    }

    @Override
    public AuditEventEntity persist(AuditEventEntity event) {
        return event;
    }
}
