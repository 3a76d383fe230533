using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;

namespace Platform.Forms.Open311;

/// <summary>The formats a GeoReport v2 client picks by the resource's extension: XML (which the spec requires) and JSON.</summary>
public enum Open311Format
{
    Xml,
    Json,
}

/// <summary>
/// One GeoReport v2 answer. It is built once as JSON with the spec's field names and written either as JSON or as the
/// spec's XML, where a list is an element holding one element per item (&lt;services&gt;&lt;service&gt;), an absent
/// value an empty element, and the document starts with the UTF-8 declaration the spec asks for.
/// </summary>
public sealed class Open311Document(string root, JsonNode body, Open311Format format, int statusCode = StatusCodes.Status200OK) : IResult
{
    private static readonly Dictionary<string, string> ItemElements = new()
    {
        ["services"] = "service",
        ["service_requests"] = "request",
        ["errors"] = "error",
        ["attributes"] = "attribute",
        ["values"] = "value",
        ["endpoints"] = "endpoint",
        ["formats"] = "format",
    };

    public int StatusCode => statusCode;

    /// <summary>The spec's error document: every problem with the request, each with the HTTP status as its code.</summary>
    public static Open311Document Errors(Open311Format format, int statusCode, params IEnumerable<string> descriptions) =>
        new("errors", new JsonArray([.. descriptions.Select(d => new JsonObject { ["code"] = statusCode, ["description"] = d })]), format, statusCode);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        if (format == Open311Format.Json)
        {
            response.ContentType = "application/json; charset=utf-8";
            await response.WriteAsync(body.ToJsonString(), Encoding.UTF8, httpContext.RequestAborted);
            return;
        }

        response.ContentType = "text/xml; charset=utf-8";
        var document = new XDocument(new XDeclaration("1.0", "UTF-8", null), ToXml(root, body));
        await using var writer = XmlWriter.Create(response.Body, new XmlWriterSettings { Async = true, Encoding = new UTF8Encoding(false) });
        await document.SaveAsync(writer, httpContext.RequestAborted);
    }

    private static XElement ToXml(string name, JsonNode? node) => node switch
    {
        null => new XElement(name),
        JsonArray items => new XElement(name, items.Select(item => ToXml(ItemElements[name], item))),
        JsonObject fields => new XElement(name, fields.Select(field => ToXml(field.Key, field.Value))),
        _ when node.GetValueKind() == JsonValueKind.String => new XElement(name, node.GetValue<string>()),
        // Numbers and booleans as JSON writes them: invariant, and "true"/"false" as the spec's examples show.
        _ => new XElement(name, node.ToJsonString()),
    };
}
