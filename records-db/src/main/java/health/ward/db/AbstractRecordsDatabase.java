package health.ward.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** What the embedded and the container server share: Ward's role passwords and the superuser. */
abstract class AbstractRecordsDatabase implements RecordsDatabase {

    static final String SUPERUSER = "postgres";

    private final String migratorPassword;
    private final String appPassword;

    AbstractRecordsDatabase(String migratorPassword, String appPassword) {
        this.migratorPassword = migratorPassword;
        this.appPassword = appPassword;
    }

    /** Empty where the server trusts its superuser without one. */
    abstract String superuserPassword();

    @Override
    public String migratorPassword() {
        return migratorPassword;
    }

    @Override
    public String appPassword() {
        return appPassword;
    }

    @Override
    public java.util.Map<String, String> superuserClientEnvironment() {
        java.util.Map<String, String> env = new java.util.HashMap<>(java.util.Map.of(
                "PGHOST", host(), "PGPORT", String.valueOf(port()), "PGUSER", SUPERUSER));
        if (!superuserPassword().isEmpty()) {
            env.put("PGPASSWORD", superuserPassword());
        }
        return env;
    }

    @Override
    public Connection superuserConnection(String database) throws SQLException {
        return DriverManager.getConnection(RecordsDatabase.jdbcUrl(host(), port(), database), SUPERUSER,
                superuserPassword());
    }
}
