using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Persistence;

namespace Platform.Cases.Audit;

/// <summary>
/// Makes the embedded SQLite store refuse to change or remove an audit entry, as PostgreSQL does by the trigger its
/// migration creates: SQLite's schema is made from the model, which cannot say so. Safe on every start.
/// </summary>
public sealed class AppendOnlyAudit : IDatabaseSeeder<CasesDb>
{
    public async Task SeedAsync(CasesDb db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite())
        {
            return;
        }

        await db.Database.ExecuteSqlRawAsync("""
            CREATE TRIGGER IF NOT EXISTS case_audit_no_update BEFORE UPDATE ON case_audit
            BEGIN SELECT RAISE(ABORT, 'case_audit is append-only: entries are never changed or removed'); END;
            CREATE TRIGGER IF NOT EXISTS case_audit_no_delete BEFORE DELETE ON case_audit
            BEGIN SELECT RAISE(ABORT, 'case_audit is append-only: entries are never changed or removed'); END;
            """, cancellationToken);
    }
}
