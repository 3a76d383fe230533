using Platform.Forms.Open311;

namespace Platform.Forms.Tests;

/// <summary>How a form's JSON Schema becomes a GeoReport v2 service definition.</summary>
public sealed class Open311ServiceShapeTests
{
    private const string Schema = """
        {
          "type": "object",
          "required": ["place", "kind", "size"],
          "properties": {
            "place": { "type": "object", "properties": { "latitude": { "type": "number" }, "longitude": { "type": "number" }, "address": { "type": "string" } } },
            "description": { "type": "string" },
            "kind": { "title": "What is it?", "enum": ["pothole", "crack"] },
            "size": { "type": "integer", "minimum": 1, "maximum": 5, "description": "How big, 1 to 5" },
            "hazards": { "type": "array", "items": { "oneOf": [{ "const": "traffic", "title": "Blocks traffic" }, { "const": "water", "title": "Holds water" }] } },
            "noticedOn": { "type": "string", "format": "date" },
            "details": { "type": "string", "maxLength": 4000 },
            "reference": { "type": ["string", "null"], "maxLength": 20 },
            "urgent": { "type": "boolean" },
            "photos": { "type": "array", "items": { "type": "object" } }
          }
        }
        """;

    [Fact]
    public void Location_address_and_description_are_the_specs_own_fields_and_the_rest_are_attributes_in_order()
    {
        var shape = ServiceShape.Of(Schema);

        Assert.Equal(("place", "/place/address", "description"), (shape.Location, shape.Address, shape.Description));
        Assert.Equal(
            [("kind", "singlevaluelist", true, 1), ("size", "number", true, 2), ("hazards", "multivaluelist", false, 3), ("noticedOn", "datetime", false, 4),
             ("details", "text", false, 5), ("reference", "string", false, 6), ("urgent", "singlevaluelist", false, 7)],
            shape.Attributes.Select(a => (a.Code, a.Datatype, a.Required, a.Order)));
    }

    [Fact]
    public void Titles_describe_and_choices_become_values_with_their_names()
    {
        var attributes = ServiceShape.Of(Schema).Attributes.ToDictionary(a => a.Code);

        Assert.Equal("What is it?", attributes["kind"].Description);
        Assert.Equal([("pothole", "pothole"), ("crack", "crack")], attributes["kind"].Values.Select(v => (v.Key, v.Name)));
        Assert.Equal([("traffic", "Blocks traffic"), ("water", "Holds water")], attributes["hazards"].Values.Select(v => (v.Key, v.Name)));
        Assert.Equal("How big, 1 to 5", attributes["size"].Description);
        Assert.Contains("From 1 to 5", attributes["size"].DatatypeDescription);
        Assert.Equal(["true", "false"], attributes["urgent"].Values.Select(v => v.Key));
    }

    [Fact]
    public void Sent_values_become_answers_of_the_attributes_type_or_say_why_not()
    {
        var attributes = ServiceShape.Of(Schema).Attributes.ToDictionary(a => a.Code);

        Assert.Equal("3", attributes["size"].Answer(["3"], out _)!.ToJsonString());
        Assert.Equal("""["water","traffic"]""", attributes["hazards"].Answer(["water", "traffic"], out _)!.ToJsonString());
        Assert.Equal("true", attributes["urgent"].Answer(["true"], out _)!.ToJsonString());
        Assert.Null(attributes["size"].Answer(["big"], out var notANumber));
        Assert.Equal("Must be a number.", notANumber);
        Assert.Null(attributes["kind"].Answer(["puddle"], out var notAChoice));
        Assert.Contains("pothole, crack", notAChoice);
    }
}
