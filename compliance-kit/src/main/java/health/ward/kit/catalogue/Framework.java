package health.ward.kit.catalogue;

import java.util.List;
import java.util.Optional;

/** A regulatory framework as written in {@code catalogue/frameworks/<id>.yaml}. */
public record Framework(String id, String name, String source, List<ClauseRef> clauses) {

    public Optional<ClauseRef> clause(String clauseId) {
        return clauses.stream().filter(c -> c.clause().equals(clauseId)).findFirst();
    }
}
