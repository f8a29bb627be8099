package health.ward.patient.audit;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import health.ward.patient.rest.AuditEventView;
import health.ward.patient.rest.Page;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

/** Filtered, paged reads of the audit trail, oldest first (stable paging by sequence). */
@ApplicationScoped
public class AuditQuery {

    public record Filter(UUID patientId, String actor, OffsetDateTime from, OffsetDateTime to) {
    }

    public Page<AuditEventView> find(Filter filter, int page, int size) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (filter.patientId() != null) {
            where.add("patientId = :patientId");
            params.and("patientId", filter.patientId());
        }
        if (filter.actor() != null) {
            where.add("actorUsername = :actor");
            params.and("actor", filter.actor());
        }
        if (filter.from() != null) {
            where.add("occurredAt >= :from");
            params.and("from", filter.from());
        }
        if (filter.to() != null) {
            where.add("occurredAt < :to");
            params.and("to", filter.to());
        }
        PanacheQuery<AuditEventEntity> query = where.isEmpty()
                ? AuditEventEntity.findAll(Sort.by("sequence"))
                : AuditEventEntity.find(String.join(" and ", where), Sort.by("sequence"), params);
        // One extra row tells whether a next page exists without a count over the whole trail.
        List<AuditEventEntity> rows = query.range(page * size, page * size + size).list();
        boolean more = rows.size() > size;
        List<AuditEventView> items = rows.stream().limit(size).map(AuditQuery::view).toList();
        return new Page<>(items, page, size, more ? page + 1 : null);
    }

    static AuditEventView view(AuditEventEntity e) {
        return new AuditEventView(e.sequence, e.id, e.occurredAt,
                new AuditEventView.Actor(e.actorSubject, e.actorUsername,
                        e.actorRoles == null ? List.of() : Arrays.asList(e.actorRoles), e.actorOrganization, e.clientId),
                e.action.name(), e.resourceType, e.resourceId, e.patientId, e.purposeOfUse, e.outcome.name(),
                e.sourceAddress, e.requestId, e.traceId);
    }
}
