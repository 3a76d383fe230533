using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Channels.Migrations
{
    /// <inheritdoc />
    public partial class WebhookTraceParent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TraceParent",
                table: "webhook_deliveries",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "TraceParent",
                table: "webhook_deliveries");
        }
    }
}
