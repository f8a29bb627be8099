"""Unit tests of the CRD -> JSON schema rules that the negative fixtures (k8s/crds/negative) do not
reach: open objects stay open, logical junctors are not closed, nullable, embedded resources."""
import pathlib
import sys
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import crd_to_jsonschema as c  # noqa: E402

OBJECT_META = {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
               "properties": {"name": {"type": "string"}}, "additionalProperties": False,
               "$defs": {"io.k8s.Time": {"type": "string"}}}


class ClosedTest(unittest.TestCase):
    def test_object_with_properties_is_closed(self):
        out = c.closed({"type": "object", "properties": {"a": {"type": "object", "properties": {"b": {"type": "string"}}}}})
        self.assertIs(out["additionalProperties"], False)
        self.assertIs(out["properties"]["a"]["additionalProperties"], False)

    def test_object_without_properties_is_closed(self):
        # The API server prunes (strict validation: rejects) every field an object does not declare.
        self.assertIs(c.closed({"type": "object"})["additionalProperties"], False)

    def test_preserve_unknown_fields_stays_open(self):
        out = c.closed({"type": "object", "x-kubernetes-preserve-unknown-fields": True,
                        "properties": {"a": {"type": "string"}}})
        self.assertNotIn("additionalProperties", out)

    def test_map_keeps_its_value_schema(self):
        out = c.closed({"type": "object", "additionalProperties": {"type": "object", "properties": {"x": {"type": "integer"}}}})
        self.assertIs(out["additionalProperties"]["additionalProperties"], False)

    def test_junctors_are_not_closed(self):
        sub = {"properties": {"a": {"type": "string"}}, "required": ["a"]}
        out = c.closed({"type": "object", "properties": {"a": {"type": "string"}}, "oneOf": [sub], "not": sub})
        self.assertEqual(out["oneOf"], [sub])
        self.assertEqual(out["not"], sub)

    def test_nullable_allows_null(self):
        self.assertEqual(c.closed({"type": "string", "nullable": True})["type"], ["string", "null"])

    def test_array_items_are_closed(self):
        out = c.closed({"type": "array", "items": {"type": "object", "properties": {"a": {"type": "string"}}}})
        self.assertIs(out["items"]["additionalProperties"], False)

    def test_embedded_resource_gets_object_header(self):
        out = c.closed({"type": "object", "x-kubernetes-embedded-resource": True, "properties": {"spec": {"type": "object"}}})
        self.assertEqual(set(out["properties"]), {"apiVersion", "kind", "metadata", "spec"})
        self.assertEqual(out["properties"]["metadata"], {"$ref": "#/$defs/objectmeta"})


class RootTest(unittest.TestCase):
    def test_root_is_closed_with_object_meta(self):
        out = c.root_schema({"type": "object", "properties": {
            "metadata": {"type": "object", "properties": {"name": {"type": "string", "maxLength": 63}}},
            "spec": {"type": "object"}}}, OBJECT_META)
        self.assertIs(out["additionalProperties"], False)
        self.assertEqual(out["properties"]["metadata"]["allOf"][0], {"$ref": "#/$defs/objectmeta"})
        # The CRD's own metadata rules are kept, and not closed (ObjectMeta decides the fields).
        self.assertNotIn("additionalProperties", out["properties"]["metadata"]["allOf"][1])
        self.assertIn("io.k8s.Time", out["$defs"])
        self.assertEqual(out["$defs"]["objectmeta"]["properties"], OBJECT_META["properties"])


if __name__ == "__main__":
    unittest.main()
