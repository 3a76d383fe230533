using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Cases.Migrations
{
    /// <inheritdoc />
    public partial class WorkClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ClaimedBy",
                table: "outbox_messages",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ClaimedUntil",
                table: "outbox_messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ClaimedBy",
                table: "cases",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ClaimedUntil",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ClaimedBy",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "ClaimedUntil",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "ClaimedBy",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "ClaimedUntil",
                table: "cases");
        }
    }
}
