using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Platform.Cases.Migrations
{
    /// <inheritdoc />
    public partial class CaseHandling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_cases_TenantId_OpenedAt",
                table: "cases");

            migrationBuilder.AddColumn<string>(
                name: "Answers",
                table: "cases",
                type: "text",
                nullable: false,
                defaultValue: "{}");

            migrationBuilder.AddColumn<string>(
                name: "AssigneeId",
                table: "cases",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DecidedAt",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DecisionReason",
                table: "cases",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DueAt",
                table: "cases",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<string>(
                name: "Outcome",
                table: "cases",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "OverdueNotifiedAt",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "UpdatedAt",
                table: "cases",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "cases",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Cases opened before due dates existed get the default processing time; their answers stay with the forms service.
            migrationBuilder.Sql("""UPDATE cases SET "DueAt" = "OpenedAt" + interval '14 days', "UpdatedAt" = "OpenedAt";""");

            migrationBuilder.CreateTable(
                name: "case_audit",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<string>(type: "text", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ActorParty = table.Column<string>(type: "text", nullable: false),
                    ActorId = table.Column<string>(type: "text", nullable: false),
                    Action = table.Column<string>(type: "text", nullable: false),
                    Before = table.Column<string>(type: "text", nullable: true),
                    After = table.Column<string>(type: "text", nullable: false),
                    Detail = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_audit", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "case_messages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<string>(type: "text", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    AuthorParty = table.Column<string>(type: "text", nullable: false),
                    AuthorId = table.Column<string>(type: "text", nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    PostedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_messages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "information_requests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<string>(type: "text", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Question = table.Column<string>(type: "text", nullable: false),
                    RequestedBy = table.Column<string>(type: "text", nullable: false),
                    RequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Answer = table.Column<string>(type: "text", nullable: true),
                    AnswersReplaced = table.Column<bool>(type: "boolean", nullable: false),
                    AnsweredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_information_requests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "partner_data",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<string>(type: "text", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecordId = table.Column<Guid>(type: "uuid", nullable: false),
                    PartnerId = table.Column<string>(type: "text", nullable: false),
                    SchemaKey = table.Column<string>(type: "text", nullable: false),
                    Data = table.Column<string>(type: "text", nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AttachedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_partner_data", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_cases_CitizenId_OpenedAt",
                table: "cases",
                columns: new[] { "CitizenId", "OpenedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_cases_OverdueNotifiedAt_DueAt",
                table: "cases",
                columns: new[] { "OverdueNotifiedAt", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_cases_TenantId_AssigneeId_DueAt_Id",
                table: "cases",
                columns: new[] { "TenantId", "AssigneeId", "DueAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_cases_TenantId_DueAt_Id",
                table: "cases",
                columns: new[] { "TenantId", "DueAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_cases_TenantId_FormKey_DueAt_Id",
                table: "cases",
                columns: new[] { "TenantId", "FormKey", "DueAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_cases_TenantId_Status_DueAt_Id",
                table: "cases",
                columns: new[] { "TenantId", "Status", "DueAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_case_audit_CaseId_Id",
                table: "case_audit",
                columns: new[] { "CaseId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_case_audit_TenantId_Id",
                table: "case_audit",
                columns: new[] { "TenantId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_case_messages_CaseId_PostedAt",
                table: "case_messages",
                columns: new[] { "CaseId", "PostedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_information_requests_CaseId_RequestedAt",
                table: "information_requests",
                columns: new[] { "CaseId", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_partner_data_CaseId_ReceivedAt",
                table: "partner_data",
                columns: new[] { "CaseId", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_partner_data_RecordId_CaseId",
                table: "partner_data",
                columns: new[] { "RecordId", "CaseId" },
                unique: true);

            // The audit log is append-only in the database too, whatever a future bug or a hand-written query tries.
            migrationBuilder.Sql("""
                CREATE FUNCTION case_audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'case_audit is append-only: entries are never changed or removed';
                END $$;
                CREATE TRIGGER case_audit_append_only BEFORE UPDATE OR DELETE ON case_audit
                    FOR EACH ROW EXECUTE FUNCTION case_audit_is_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER case_audit_append_only ON case_audit; DROP FUNCTION case_audit_is_append_only();");

            migrationBuilder.DropTable(
                name: "case_audit");

            migrationBuilder.DropTable(
                name: "case_messages");

            migrationBuilder.DropTable(
                name: "information_requests");

            migrationBuilder.DropTable(
                name: "partner_data");

            migrationBuilder.DropIndex(
                name: "IX_cases_CitizenId_OpenedAt",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "IX_cases_OverdueNotifiedAt_DueAt",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "IX_cases_TenantId_AssigneeId_DueAt_Id",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "IX_cases_TenantId_DueAt_Id",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "IX_cases_TenantId_FormKey_DueAt_Id",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "IX_cases_TenantId_Status_DueAt_Id",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "Answers",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "AssigneeId",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "DecidedAt",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "DecisionReason",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "DueAt",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "Outcome",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "OverdueNotifiedAt",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "UpdatedAt",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "cases");

            migrationBuilder.CreateIndex(
                name: "IX_cases_TenantId_OpenedAt",
                table: "cases",
                columns: new[] { "TenantId", "OpenedAt" });
        }
    }
}
