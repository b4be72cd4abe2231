// Collection functions: lists and maps, their elements, keys and combinations.
#include <algorithm>

#include "stdlib/args.hpp"
#include "stdlib/groups.hpp"
#include "stdlib/utf8.hpp"

namespace infra::stdlib {

using lang::Value;

namespace {

Value length(Args& args) {
  const Value& v = args[0];
  switch (v.kind()) {
    case Value::Kind::String:
      return Value::number(decode_utf8(v.as_string()).size());
    case Value::Kind::List:
      return Value::number(v.as_list().size());
    case Value::Kind::Object:
      return Value::number(v.as_object().size());
    default:
      return args.fail_argument(0, "a string, a list or a map");
  }
}

Value concat(Args& args) {
  Value::List out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const Value::List* items = args.list(i);
    if (!items) return {};
    out.insert(out.end(), items->begin(), items->end());
  }
  return Value::list(out);
}

Value keys(Args& args) {
  const Value::Object* members = args.object(0);
  if (!members) return {};
  Value::List out;
  for (const auto& [key, value] : *members) out.push_back(Value::string(key));
  return Value::list(out);
}

Value values(Args& args) {
  const Value::Object* members = args.object(0);
  if (!members) return {};
  Value::List out;
  for (const auto& [key, value] : *members) out.push_back(value);
  return Value::list(out);
}

Value lookup(Args& args) {
  const Value::Object* members = args.object(0);
  auto key = args.string(1);
  if (!members || !key) return {};
  if (auto it = members->find(*key); it != members->end()) return it->second;
  if (args.size() == 3) return args[2];
  return args.fail("the map has no key \"" + *key + "\", and no default is given");
}

Value merge(Args& args) {
  Value::Object out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i].is_null()) continue;
    const Value::Object* members = args.object(i);
    if (!members) return {};
    for (const auto& [key, value] : *members) out[key] = value;  // later arguments win
  }
  return Value::object(out);
}

Value element(Args& args) {
  const Value::List* items = args.list(0);
  auto index = args.integer(1);
  if (!items || !index) return {};
  if (items->empty()) return args.fail("cannot take an element of an empty list");
  if (*index < 0) {
    return args.fail("argument 2 must not be negative, got " + std::to_string(*index));
  }
  // Terraform wraps around: element(["a", "b"], 3) is "b".
  return (*items)[static_cast<std::size_t>(*index) % items->size()];
}

Value index(Args& args) {
  const Value::List* items = args.list(0);
  if (!items) return {};
  auto it = std::find(items->begin(), items->end(), args[1]);
  if (it == items->end()) return args.fail("the value " + lang::to_display(args[1]) +
                                           " is not in the list");
  return Value::number(it - items->begin());
}

Value distinct(Args& args) {
  const Value::List* items = args.list(0);
  if (!items) return {};
  Value::List out;
  for (const Value& v : *items) {
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  }
  return Value::list(out);
}

void flatten_into(const Value::List& items, Value::List& out) {
  for (const Value& v : items) {
    if (v.kind() == Value::Kind::List) {
      flatten_into(v.as_list(), out);
    } else {
      out.push_back(v);
    }
  }
}

Value flatten(Args& args) {
  const Value::List* items = args.list(0);
  if (!items) return {};
  Value::List out;
  flatten_into(*items, out);
  return Value::list(out);
}

Value reverse(Args& args) {
  const Value::List* items = args.list(0);
  if (!items) return {};
  return Value::list(Value::List(items->rbegin(), items->rend()));
}

constexpr std::size_t kMaxRange = 1024;

Value range(Args& args) {
  std::vector<lang::Number> n;
  for (std::size_t i = 0; i < args.size(); ++i) {
    auto v = args.number(i);
    if (!v) return {};
    n.push_back(*v);
  }
  const lang::Number start = args.size() == 1 ? lang::Number() : n[0];
  const lang::Number limit = args.size() == 1 ? n[0] : n[1];
  const lang::Number step =
      args.size() == 3 ? n[2] : lang::Number(start <= limit ? 1 : -1);
  if (step.is_zero()) return args.fail("the step must not be zero");
  Value::List out;
  for (lang::Number v = start; step.sign() > 0 ? v < limit : v > limit;) {
    if (out.size() == kMaxRange) {
      return args.fail("more than " + std::to_string(kMaxRange) +
                       " numbers; use a smaller range or a larger step");
    }
    out.push_back(Value::number(v));
    lang::NumberResult next = v.add(step);
    if (!next) return args.fail(next.error());
    v = *next;
  }
  return Value::list(out);
}

Value slice(Args& args) {
  const Value::List* items = args.list(0);
  auto start = args.integer(1);
  auto end = args.integer(2);
  if (!items || !start || !end) return {};
  const auto size = static_cast<std::int64_t>(items->size());
  if (*start < 0) {
    return args.fail("the start index must not be negative, got " + std::to_string(*start));
  }
  if (*end > size) {
    return args.fail("the end index " + std::to_string(*end) +
                     " is past the end of the list (length " + std::to_string(size) + ")");
  }
  if (*start > *end) {
    return args.fail("the start index " + std::to_string(*start) +
                     " is greater than the end index " + std::to_string(*end));
  }
  return Value::list(Value::List(items->begin() + *start, items->begin() + *end));
}

Value zipmap(Args& args) {
  auto names = args.string_list(0);
  const Value::List* items = args.list(1);
  if (!names || !items) return {};
  if (names->size() != items->size()) {
    return args.fail("there are " + std::to_string(names->size()) + " keys but " +
                     std::to_string(items->size()) + " values");
  }
  Value::Object out;
  for (std::size_t i = 0; i < names->size(); ++i) out[(*names)[i]] = (*items)[i];
  return Value::object(out);
}

Value coalesce(Args& args) {
  for (const Value& v : args.all()) {
    if (v.is_null()) continue;
    if (v.kind() == Value::Kind::String && v.as_string().empty()) continue;
    return v;
  }
  return args.fail("every argument is null or an empty string");
}

Value compact(Args& args) {
  const Value::List* items = args.list(0);
  if (!items) return {};
  Value::List out;
  for (std::size_t k = 0; k < items->size(); ++k) {
    const Value& v = (*items)[k];
    if (v.is_null()) continue;
    auto s = primitive_to_string(v);
    if (!s) {
      return args.fail("argument 1 must be a list of strings, but element " + std::to_string(k) +
                       " is " + describe_type(v));
    }
    if (!s->empty()) out.push_back(Value::string(*s));
  }
  return Value::list(out);
}

Value sort(Args& args) {
  auto items = args.string_list(0);
  if (!items) return {};
  std::sort(items->begin(), items->end());
  Value::List out;
  for (std::string& s : *items) out.push_back(Value::string(std::move(s)));
  return Value::list(out);
}

}  // namespace

std::vector<Function> collection_functions() {
  return {
      {
          .name = "length",
          .params = {"value"},
          .doc = R"(
            The number of elements of a list, of keys of a map, or of characters of a string.

            ```infra
            length(["a", "b"])  # 2
            length({a = 1})     # 1
            length("héllo")     # 5
            ```
          )",
          .impl = length,
      },
      {
          .name = "concat",
          .params = {"lists..."},
          .doc = R"(
            Joins lists into one list, in order.

            ```infra
            concat(["a"], ["b", "c"])  # ["a", "b", "c"]
            ```
          )",
          .impl = concat,
      },
      {
          .name = "contains",
          .params = {"list", "value"},
          .doc = R"(
            Whether `list` has an element equal to `value`.

            ```infra
            contains(["a", "b"], "b")  # true
            ```
          )",
          .impl =
              [](Args& args) {
                const Value::List* items = args.list(0);
                if (!items) return Value();
                return Value::boolean(std::find(items->begin(), items->end(), args[1]) !=
                                      items->end());
              },
      },
      {
          .name = "keys",
          .params = {"map"},
          .doc = R"(
            The keys of `map`, sorted.

            ```infra
            keys({b = 2, a = 1})  # ["a", "b"]
            ```
          )",
          .impl = keys,
      },
      {
          .name = "values",
          .params = {"map"},
          .doc = R"(
            The values of `map`, in the order of its sorted keys.

            ```infra
            values({b = 2, a = 1})  # [1, 2]
            ```
          )",
          .impl = values,
      },
      {
          .name = "lookup",
          .params = {"map", "key", "default?"},
          .doc = R"(
            The value of `key` in `map`; `default` when the map has no such key. Without
            a default, a missing key is an error.

            ```infra
            lookup({a = "x"}, "a", "none")  # "x"
            lookup({a = "x"}, "b", "none")  # "none"
            ```
          )",
          .impl = lookup,
      },
      {
          .name = "merge",
          .params = {"maps..."},
          .doc = R"(
            One map with the keys of all `maps`; when several have a key, the last one
            wins. Null arguments are skipped.

            ```infra
            merge({a = 1, b = 2}, {b = 3})  # {a = 1, b = 3}
            ```
          )",
          .impl = merge,
      },
      {
          .name = "element",
          .params = {"list", "index"},
          .doc = R"(
            The element at `index` (from 0) of `list`. An index past the end wraps around.

            ```infra
            element(["a", "b", "c"], 1)  # "b"
            element(["a", "b", "c"], 4)  # "b"
            ```
          )",
          .impl = element,
      },
      {
          .name = "index",
          .params = {"list", "value"},
          .doc = R"(
            The index (from 0) of the first element of `list` equal to `value`; an error
            when there is none.

            ```infra
            index(["a", "b", "c"], "b")  # 1
            ```
          )",
          .impl = index,
      },
      {
          .name = "distinct",
          .params = {"list"},
          .doc = R"(
            `list` without repeated elements; the first occurrence of each stays.

            ```infra
            distinct(["a", "b", "a", "c"])  # ["a", "b", "c"]
            ```
          )",
          .impl = distinct,
      },
      {
          .name = "flatten",
          .params = {"list"},
          .doc = R"(
            Replaces every element of `list` that is itself a list by its elements,
            recursively.

            ```infra
            flatten([["a", "b"], [], ["c", ["d"]]])  # ["a", "b", "c", "d"]
            ```
          )",
          .impl = flatten,
      },
      {
          .name = "reverse",
          .params = {"list"},
          .doc = R"(
            `list` in reverse order.

            ```infra
            reverse([1, 2, 3])  # [3, 2, 1]
            ```
          )",
          .impl = reverse,
      },
      {
          .name = "range",
          .params = {"start_or_limit", "limit?", "step?"},
          .doc = R"(
            A list of numbers: `range(limit)` counts from 0 up to `limit`, `range(start,
            limit)` from `start`, `range(start, limit, step)` by `step`. `limit` itself is
            not included. The step is 1, or -1 when `start` is greater than `limit`. At
            most 1024 numbers.

            ```infra
            range(3)         # [0, 1, 2]
            range(1, 4)      # [1, 2, 3]
            range(10, 0, -4) # [10, 6, 2]
            ```
          )",
          .impl = range,
      },
      {
          .name = "slice",
          .params = {"list", "start", "end"},
          .doc = R"(
            The elements of `list` from index `start` up to, not including, `end`.

            ```infra
            slice(["a", "b", "c", "d"], 1, 3)  # ["b", "c"]
            ```
          )",
          .impl = slice,
      },
      {
          .name = "zipmap",
          .params = {"keys", "values"},
          .doc = R"(
            A map from a list of keys and a list of values of the same length.

            ```infra
            zipmap(["a", "b"], [1, 2])  # {a = 1, b = 2}
            ```
          )",
          .impl = zipmap,
      },
      {
          .name = "coalesce",
          .params = {"value", "values..."},
          .doc = R"(
            The first argument that is neither null nor an empty string.

            ```infra
            coalesce(null, "", "b", "c")  # "b"
            ```
          )",
          .impl = coalesce,
      },
      {
          .name = "compact",
          .params = {"list"},
          .doc = R"(
            A list of strings without its empty strings and nulls.

            ```infra
            compact(["a", "", null, "b"])  # ["a", "b"]
            ```
          )",
          .impl = compact,
      },
      {
          .name = "sort",
          .params = {"list"},
          .doc = R"(
            A list of strings in lexicographic order (by bytes). Numbers are sorted as
            strings too.

            ```infra
            sort(["b", "a", "10", "9"])  # ["10", "9", "a", "b"]
            ```
          )",
          .impl = sort,
      },
  };
}

}  // namespace infra::stdlib
