using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Persistence;

namespace Platform.Forms.Definitions;

/// <summary>
/// The demo municipalities' published forms, so a fresh platform has something to submit.
/// Fjordby and Skogsberg are the demo tenants the identity service registers too.
/// </summary>
public sealed class DemoForms(TimeProvider clock) : IDatabaseSeeder<FormsDb>
{
    private const string StreetLightSchema = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "required": ["location", "description"],
          "additionalProperties": false,
          "properties": {
            "location": {
              "type": "object",
              "required": ["latitude", "longitude"],
              "properties": {
                "latitude": { "type": "number", "minimum": -90, "maximum": 90 },
                "longitude": { "type": "number", "minimum": -180, "maximum": 180 },
                "address": { "type": "string", "maxLength": 200 }
              }
            },
            "poleNumber": { "type": "string", "pattern": "^[A-Z]{2}-[0-9]{4}$" },
            "description": { "type": "string", "minLength": 5, "maxLength": 2000 }
          }
        }
        """;

    private const string ParkingPermitSchema = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "required": ["registrationNumber", "address", "permitType", "startDate"],
          "additionalProperties": false,
          "properties": {
            "registrationNumber": { "type": "string", "pattern": "^[A-Z]{2,3}[- ]?[0-9]{1,3}[A-Z]?$" },
            "address": { "type": "string", "minLength": 3, "maxLength": 200 },
            "permitType": { "enum": ["resident", "business", "disabled"] },
            "startDate": { "type": "string", "format": "date" }
          }
        }
        """;

    private const string BulkyWasteSchema = """
        {
          "$schema": "http://json-schema.org/draft-07/schema#",
          "type": "object",
          "required": ["address", "items", "preferredDate"],
          "properties": {
            "address": { "type": "string", "minLength": 3 },
            "items": {
              "type": "array",
              "minItems": 1,
              "items": {
                "type": "object",
                "required": ["kind", "count"],
                "properties": {
                  "kind": { "enum": ["furniture", "appliance", "mattress", "other"] },
                  "count": { "type": "integer", "minimum": 1, "maximum": 20 }
                }
              }
            },
            "preferredDate": { "type": "string", "format": "date" }
          }
        }
        """;

    public async Task SeedAsync(FormsDb db, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        FormDefinition[] demo =
        [
            new() { TenantId = "fjordby", Key = "street-light", Version = 1, Title = "Report a broken street light", Description = "Tell us where a street light is out or damaged.", Titles = Texts.Of("en", "Report a broken street light"), Descriptions = Texts.Of("en", "Tell us where a street light is out or damaged."), Schema = StreetLightSchema, IsLocationBased = true, ExpectedProcessingDays = 5, PublishedAt = now },
            new() { TenantId = "fjordby", Key = "parking-permit", Version = 1, Title = "Apply for a parking permit", Description = "Residents, businesses and disabled drivers apply for a parking permit.", Titles = Texts.Of("en", "Apply for a parking permit"), Descriptions = Texts.Of("en", "Residents, businesses and disabled drivers apply for a parking permit."), Schema = ParkingPermitSchema, ExpectedProcessingDays = 14, PublishedAt = now },
            new() { TenantId = "skogsberg", Key = "street-light", Version = 1, Title = "Report a broken street light", Description = "Gatubelysning ur funktion? Tell us where.", Titles = Texts.Of("en", "Report a broken street light"), Descriptions = Texts.Of("en", "Gatubelysning ur funktion? Tell us where."), Schema = StreetLightSchema, IsLocationBased = true, ExpectedProcessingDays = 7, PublishedAt = now },
            new() { TenantId = "skogsberg", Key = "bulky-waste", Version = 1, Title = "Book a bulky waste pickup", Description = "Furniture, appliances and mattresses collected from your door.", Titles = Texts.Of("en", "Book a bulky waste pickup"), Descriptions = Texts.Of("en", "Furniture, appliances and mattresses collected from your door."), Schema = BulkyWasteSchema, ExpectedProcessingDays = 10, PublishedAt = now },
        ];

        foreach (var form in demo)
        {
            if (!await db.Definitions.AnyAsync(d => d.TenantId == form.TenantId && d.Key == form.Key, cancellationToken))
            {
                db.Definitions.Add(form);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
