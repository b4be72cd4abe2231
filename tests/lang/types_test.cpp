// Tests of lang/types.cpp, lang/types_parse.cpp and lang/types_convert.cpp: type
// expressions, notation, conversion with its automatic conversions, unify and type_of.
#include <catch2/catch.hpp>

#include "lang/parser.hpp"
#include "lang/types.hpp"

using namespace infra::lang;

namespace {

// The type written in `text`, as to_string shows it, or the first error as
// "begin-end: summary: detail" (columns of the one-line text).
std::string type(const std::string& text) {
  Diagnostics diags;
  ExprPtr e = parse_expression("t.infra", text, diags);
  REQUIRE(e != nullptr);
  std::optional<Type> t = parse_type(*e, diags);
  if (diags.has_errors()) {
    REQUIRE_FALSE(t);
    const Diagnostic& d = diags.items().front();
    REQUIRE(d.range);
    return std::to_string(d.range->begin.column) + "-" + std::to_string(d.range->end.column) +
           ": " + d.summary + ": " + d.detail;
  }
  REQUIRE(t);
  return to_string(*t);
}

Type parsed(const std::string& text) {
  Diagnostics diags;
  ExprPtr e = parse_expression("t.infra", text, diags);
  REQUIRE(e != nullptr);
  std::optional<Type> t = parse_type(*e, diags);
  REQUIRE(t);
  return *t;
}

// The converted value as configuration syntax, or "error: PATH: MESSAGE".
std::string conv(const Value& v, const std::string& type_text) {
  const Conversion c = convert(v, parsed(type_text));
  return c.ok() ? to_display(c.value) : "error: " + c.error();
}

Value num(double n) { return Value::number(n); }
Value str(std::string s) { return Value::string(std::move(s)); }
Value list(Value::List items) { return Value::list(std::move(items)); }
Value obj(Value::Object members) { return Value::object(std::move(members)); }

}  // namespace

TEST_CASE("every type form parses and prints in the language's notation") {
  CHECK(type("string") == "string");
  CHECK(type("number") == "number");
  CHECK(type("bool") == "bool");
  CHECK(type("any") == "any");
  CHECK(type("list(string)") == "list(string)");
  CHECK(type("set(number)") == "set(number)");
  CHECK(type("map(list(bool))") == "map(list(bool))");
  CHECK(type("tuple([string, number, any])") == "tuple([string,number,any])");
  CHECK(type("tuple([])") == "tuple([])");
  CHECK(type("object({})") == "object({})");
  CHECK(type("object({port = optional(number, 80), name = string})") ==
        "object({name=string,port=optional(number,80)})");
  CHECK(type("object({tags = optional(map(string)), \"a b\" = bool})") ==
        "object({\"a b\"=bool,tags=optional(map(string))})");
  CHECK(type("object({x = optional(string, null)})") == "object({x=optional(string)})");
  CHECK(type("list(object({ports = optional(list(number), [1, \"2\"])}))") ==
        "list(object({ports=optional(list(number),[1, 2])}))");
}

TEST_CASE("attribute_key quotes names that are not identifiers") {
  CHECK(attribute_key("port") == "port");
  CHECK(attribute_key("a-b_1") == "a-b_1");
  CHECK(attribute_key("a b") == "\"a b\"");
  CHECK(attribute_key("1a") == "\"1a\"");
  CHECK(attribute_key("") == "\"\"");
}

TEST_CASE("type equality is structural and includes optional attributes") {
  CHECK(parsed("list(string)") == Type::list(Type::string()));
  CHECK_FALSE(parsed("list(string)") == Type::set(Type::string()));
  CHECK(parsed("object({b = number, a = string})") == parsed("object({a = string, b = number})"));
  CHECK_FALSE(parsed("object({a = string})") == parsed("object({a = optional(string)})"));
  CHECK_FALSE(parsed("object({a = optional(number, 1)})") ==
              parsed("object({a = optional(number, 2)})"));
  CHECK(parsed("tuple([string])") == Type::tuple({Type::string()}));
  CHECK_FALSE(parsed("tuple([string])") == Type::tuple({Type::string(), Type::string()}));
  CHECK(parsed("any") == Type::any());
}

TEST_CASE("bad type expressions are errors at the exact place") {
  CHECK(type("strin") ==
        "1-6: Invalid type specification: The keyword \"strin\" is not a type. Did you mean "
        "\"string\"?");
  CHECK(type("nubmer") ==
        "1-7: Invalid type specification: The keyword \"nubmer\" is not a type. Did you mean "
        "\"number\"?");
  CHECK(type("foo") == "1-4: Invalid type specification: The keyword \"foo\" is not a type.");
  CHECK(type("list") ==
        "1-5: Invalid type specification: list(...) takes one argument, e.g. list(string).");
  CHECK(type("list()") ==
        "1-7: Invalid type specification: list(...) takes one argument, e.g. list(string).");
  CHECK(type("map(string, number, bool)") ==
        "13-25: Invalid type specification: map(...) takes one argument, e.g. map(string).");
  CHECK(type("list(strng)") ==
        "6-11: Invalid type specification: The keyword \"strng\" is not a type. Did you mean "
        "\"string\"?");
  CHECK(type("lst(string)") ==
        "1-4: Invalid type specification: There is no type constructor \"lst\". Did you mean "
        "\"list\"?");
  CHECK(type("string(1)") ==
        "1-10: Invalid type specification: string is a type by itself; write it without "
        "arguments.");
  CHECK(type("\"string\"") ==
        "1-9: Invalid type specification: Write the type without quotes: string.");
  CHECK(type("var.x") ==
        "1-6: Invalid type specification: A type is a keyword (string, number, bool, any) or a "
        "type constructor such as list(string).");
  CHECK(type("42") ==
        "1-3: Invalid type specification: A type is a keyword (string, number, bool, any) or a "
        "type constructor such as list(string).");
  CHECK(type("object(string)") ==
        "8-14: Invalid type specification: object(...) takes one argument, e.g. object({name = "
        "string}).");
  CHECK(type("tuple(string)") ==
        "7-13: Invalid type specification: tuple(...) takes one argument, e.g. tuple([string, "
        "number]).");
  CHECK(type("object({a = string, a = number})") ==
        "21-22: Invalid type specification: The attribute \"a\" is declared twice.");
  CHECK(type("object({(var.k) = string})") ==
        "10-15: Invalid type specification: An attribute name is a name or a quoted string.");
}

TEST_CASE("optional is only for object attributes, with a convertible default") {
  const std::string misplaced =
      "Invalid type specification: optional(...) is only allowed for an attribute of "
      "object({...}), e.g. object({port = optional(number, 80)}).";
  CHECK(type("optional(string)") == "1-17: " + misplaced);
  CHECK(type("list(optional(string))") == "6-22: " + misplaced);
  CHECK(type("object({a = list(optional(string))})") == "18-34: " + misplaced);
  CHECK(type("object({a = optional()})") ==
        "13-23: Invalid type specification: optional(...) takes a type and, optionally, a "
        "default value, e.g. optional(number, 80).");
  CHECK(type("object({a = optional(number, 1, 2)})") ==
        "13-35: Invalid type specification: optional(...) takes a type and, optionally, a "
        "default value, e.g. optional(number, 80).");
  CHECK(type("object({port = optional(number, \"eighty\")})") ==
        "33-41: Invalid default value for optional attribute: The default must be number: a "
        "number is required.");
  CHECK(type("object({s = optional(object({p = number}), {q = 1})})") ==
        "44-51: Invalid default value for optional attribute: The default must be "
        "object({p=number}): unsupported attribute \"q\".");
  CHECK(type("object({a = optional(string, var.x)})") ==
        "30-35: References are not allowed here; write a constant value: ");
}

TEST_CASE("primitive conversions in both directions") {
  CHECK(conv(num(12), "string") == "\"12\"");
  CHECK(conv(num(1.5), "string") == "\"1.5\"");
  CHECK(conv(Value::boolean(true), "string") == "\"true\"");
  CHECK(conv(Value::boolean(false), "string") == "\"false\"");
  CHECK(conv(str("x"), "string") == "\"x\"");
  CHECK(conv(list({}), "string") == "error: a string is required");
  CHECK(conv(obj({}), "string") == "error: a string is required");

  CHECK(conv(str("12"), "number") == "12");
  CHECK(conv(str("-1.5e2"), "number") == "-150");
  CHECK(conv(num(3), "number") == "3");
  CHECK(conv(str("12a"), "number") == "error: a number is required");
  CHECK(conv(str(""), "number") == "error: a number is required");
  CHECK(conv(str(" 12"), "number") == "error: a number is required");
  CHECK(conv(str("inf"), "number") == "error: a number is required");
  CHECK(conv(str("9007199254740993"), "number") == "9007199254740993");
  CHECK(conv(str("0.1"), "number") == "0.1");
  CHECK(conv(str("+.5"), "number") == "0.5");
  CHECK(conv(str("1e400"), "number") == "1" + std::string(400, '0'));
  CHECK(conv(str("1e999999999"), "number") ==
        "error: cannot convert \"1e999999999\" to a number: it has more than 100000 digits "
        "before the decimal point");
  CHECK(conv(list({str("1e-999999")}), "list(number)") ==
        "error: [0]: cannot convert \"1e-999999\" to a number: it has more than 100000 digits "
        "after the decimal point");
  CHECK(conv(Value::number(*Number::parse("123456789012345678901234567890.5")), "string") ==
        "\"123456789012345678901234567890.5\"");
  CHECK(conv(Value::boolean(true), "number") == "error: a number is required");

  CHECK(conv(str("true"), "bool") == "true");
  CHECK(conv(str("false"), "bool") == "false");
  CHECK(conv(Value::boolean(true), "bool") == "true");
  CHECK(conv(str("yes"), "bool") == "error: a bool is required");
  CHECK(conv(num(1), "bool") == "error: a bool is required");
}

TEST_CASE("sets of numbers are ordered and merged by value") {
  CHECK(conv(list({num(3), Value::number(*Number::parse("1e30")), num(0.5), num(1), str("1.0"),
                   num(-2.25)}),
             "set(number)") == "[-2.25, 0.5, 1, 3, 1000000000000000000000000000000]");
}

TEST_CASE("any keeps the value as it is") {
  CHECK(conv(list({num(1), str("a")}), "any") == "[1, \"a\"]");
  CHECK(conv(obj({{"a", num(1)}}), "any") == "{ a = 1 }");
}

TEST_CASE("tuple values convert to lists, sets and tuples element-wise") {
  CHECK(conv(list({num(1), str("2")}), "list(number)") == "[1, 2]");
  CHECK(conv(list({num(1), str("x")}), "list(number)") == "error: [1]: a number is required");
  CHECK(conv(obj({}), "list(string)") == "error: a list is required");
  CHECK(conv(str("a"), "list(string)") == "error: a list is required");
  CHECK(conv(list({}), "list(string)") == "[]");
  CHECK(conv(list({num(1), str("a")}), "list(any)") == "[\"1\", \"a\"]");
  CHECK(conv(list({num(1), Value::boolean(true)}), "list(any)") ==
        "error: all list elements must have the same type");
  CHECK(conv(list({num(1), Value::null()}), "list(number)") == "[1, null]");

  CHECK(conv(list({str("b"), str("a"), str("b"), num(1)}), "set(string)") ==
        "[\"1\", \"a\", \"b\"]");
  CHECK(conv(list({num(10), num(2), num(10)}), "set(number)") == "[2, 10]");
  CHECK(conv(list({Value::boolean(true), Value::boolean(false)}), "set(bool)") ==
        "[false, true]");
  CHECK(conv(list({obj({{"a", num(2)}}), obj({{"a", num(1)}}), obj({{"a", num(2)}})}),
             "set(object({a = number}))") == "[{ a = 2 }, { a = 1 }]");
  CHECK(conv(list({Value::unknown(), str("b"), Value::null(), str("a")}), "set(string)") ==
        "[\"a\", \"b\", (known after apply), null]");
  CHECK(conv(obj({}), "set(string)") == "error: a set is required");
  CHECK(conv(list({str("a"), list({})}), "set(string)") == "error: [1]: a string is required");

  CHECK(conv(list({num(1), num(2)}), "tuple([string, number])") == "[\"1\", 2]");
  CHECK(conv(list({num(1)}), "tuple([string, number])") ==
        "error: a tuple of 2 elements is required, got 1");
  CHECK(conv(list({num(1), str("x")}), "tuple([string, number])") ==
        "error: [1]: a number is required");
  CHECK(conv(obj({}), "tuple([])") == "error: a tuple is required");
}

TEST_CASE("object values convert to maps and objects") {
  CHECK(conv(obj({{"a", num(1)}, {"b", Value::boolean(true)}}), "map(string)") ==
        "{ a = \"1\", b = \"true\" }");
  CHECK(conv(obj({{"a", num(1)}, {"b b", list({})}}), "map(string)") ==
        "error: [\"b b\"]: a string is required");
  CHECK(conv(list({}), "map(string)") == "error: a map is required");
  CHECK(conv(obj({{"a", num(1)}, {"b", str("x")}}), "map(any)") == "{ a = \"1\", b = \"x\" }");
  CHECK(conv(obj({{"a", num(1)}, {"b", list({})}}), "map(any)") ==
        "error: all map elements must have the same type");

  const std::string server =
      "object({name = string, port = optional(number, 80), tag = optional(string)})";
  CHECK(conv(obj({{"name", str("a")}}), server) == "{ name = \"a\", port = 80, tag = null }");
  CHECK(conv(obj({{"name", str("a")}, {"port", Value::null()}}), server) ==
        "{ name = \"a\", port = 80, tag = null }");
  CHECK(conv(obj({{"name", num(1)}, {"port", str("8080")}, {"tag", str("t")}}), server) ==
        "{ name = \"1\", port = 8080, tag = \"t\" }");
  CHECK(conv(obj({{"port", num(1)}}), server) == "error: attribute \"name\" is required");
  CHECK(conv(obj({{"name", str("a")}, {"extra", num(1)}}), server) ==
        "error: unsupported attribute \"extra\"");
  CHECK(conv(list({}), server) == "error: an object is required");
  CHECK(conv(obj({{"name", Value::null()}}), server) == "{ name = null, port = 80, tag = null }");

  const std::string servers = "object({servers = list(" + server + ")})";
  CHECK(conv(obj({{"servers", list({obj({{"name", str("a")}}),
                                    obj({{"name", str("b")}, {"port", str("http")}})})}}),
             servers) == "error: .servers[1].port: a number is required");
  CHECK(conv(obj({{"servers", list({obj({{"name", str("a")}}), obj({})})}}), servers) ==
        "error: .servers[1]: attribute \"name\" is required");
}

TEST_CASE("null converts to every type and unknown stays unknown") {
  for (const char* t : {"string", "number", "bool", "list(string)", "set(number)",
                        "map(bool)", "tuple([string])", "object({a = string})", "any"}) {
    INFO(t);
    CHECK(conv(Value::null(), t) == "null");
    CHECK(conv(Value::unknown(), t) == "(known after apply)");
  }
  CHECK(conv(list({Value::unknown(), num(1)}), "list(string)") ==
        "[(known after apply), \"1\"]");
  CHECK(conv(obj({{"a", Value::unknown()}}), "object({a = number, b = optional(bool, true)})") ==
        "{ a = (known after apply), b = true }");
}

TEST_CASE("sensitive marks survive conversion on every element") {
  const Conversion top = convert(num(5).marked_sensitive(), Type::string());
  REQUIRE(top.ok());
  CHECK(top.value.is_sensitive());
  CHECK(top.value.as_string() == "5");

  const Conversion inner =
      convert(list({num(1), num(2).marked_sensitive()}), Type::list(Type::string()));
  REQUIRE(inner.ok());
  CHECK_FALSE(inner.value.is_sensitive());
  CHECK_FALSE(inner.value.as_list()[0].is_sensitive());
  CHECK(inner.value.as_list()[1].is_sensitive());

  const Conversion whole = convert(obj({{"a", num(1)}}).marked_sensitive(), parsed("map(string)"));
  REQUIRE(whole.ok());
  CHECK(whole.value.is_sensitive());

  // Merged set elements keep the mark of either.
  const Conversion set =
      convert(list({str("a"), str("a").marked_sensitive()}), parsed("set(string)"));
  REQUIRE(set.ok());
  REQUIRE(set.value.as_list().size() == 1);
  CHECK(set.value.as_list()[0].is_sensitive());

  CHECK(convert(Value::null().marked_sensitive(), Type::string()).value.is_sensitive());
  CHECK(convert(Value::unknown().marked_sensitive(), Type::number()).value.is_sensitive());
  const Conversion dflt = convert(obj({{"a", Value::null().marked_sensitive()}}),
                                  parsed("object({a = optional(number, 1)})"));
  REQUIRE(dflt.ok());
  CHECK(dflt.value.as_object().at("a").is_sensitive());

  // The failing value is never quoted in the message.
  CHECK(convert(str("hunter2").marked_sensitive(), Type::number()).error() ==
        "a number is required");
}

TEST_CASE("type_of gives the most specific type") {
  CHECK(to_string(type_of(str("a"))) == "string");
  CHECK(to_string(type_of(num(1))) == "number");
  CHECK(to_string(type_of(Value::boolean(false))) == "bool");
  CHECK(to_string(type_of(Value::null())) == "any");
  CHECK(to_string(type_of(Value::unknown())) == "any");
  CHECK(to_string(type_of(list({num(1), str("a")}))) == "tuple([number,string])");
  CHECK(to_string(type_of(obj({{"b", list({})}, {"a", num(1)}}))) ==
        "object({a=number,b=tuple([])})");
}

namespace {

std::string unified(const std::vector<std::string>& texts) {
  std::vector<Type> types;
  for (const std::string& t : texts) types.push_back(parsed(t));
  const std::optional<Type> u = unify(types);
  return u ? to_string(*u) : "none";
}

}  // namespace

TEST_CASE("unify finds the type alternatives share") {
  CHECK(unified({}) == "none");
  CHECK(unified({"number"}) == "number");
  CHECK(unified({"number", "number"}) == "number");
  CHECK(unified({"number", "string"}) == "string");
  CHECK(unified({"bool", "string", "number"}) == "string");
  CHECK(unified({"number", "bool"}) == "none");
  CHECK(unified({"any", "number"}) == "number");
  CHECK(unified({"any", "any"}) == "any");
  CHECK(unified({"list(number)", "list(string)"}) == "list(string)");
  CHECK(unified({"list(number)", "tuple([number, string])"}) == "list(string)");
  CHECK(unified({"set(number)", "tuple([])"}) == "set(number)");
  CHECK(unified({"list(number)", "set(number)"}) == "none");
  CHECK(unified({"list(number)", "list(bool)"}) == "none");
  CHECK(unified({"map(number)", "object({a = string})"}) == "map(string)");
  CHECK(unified({"map(number)", "list(number)"}) == "none");
  CHECK(unified({"tuple([number, bool])", "tuple([string, bool])"}) == "tuple([string,bool])");
  CHECK(unified({"tuple([number])", "tuple([number, number])"}) == "none");
  CHECK(unified({"object({a = number, b = bool})", "object({a = string, b = bool})"}) ==
        "object({a=string,b=bool})");
  CHECK(unified({"object({a = number})", "object({b = number})"}) == "none");
  CHECK(unified({"object({a = number})", "tuple([])"}) == "none");
  CHECK(unified({"string", "list(string)"}) == "none");
}
