// Collection functions over lists: truth tests, chunks, picking, summing and transposing.
#include <algorithm>

#include "stdlib/args.hpp"
#include "stdlib/groups.hpp"

namespace infra::stdlib {

using lang::Value;

namespace {

/// alltrue (all = true) or anytrue over a list of bools; null counts as false.
Value truth(Args& args, bool all) {
  const Value::List* items = args.list(0);
  if (!items) return {};
  for (std::size_t k = 0; k < items->size(); ++k) {
    const Value& v = (*items)[k];
    bool b = false;
    if (v.kind() == Value::Kind::Bool) {
      b = v.as_bool();
    } else if (v.kind() == Value::Kind::String &&
               (v.as_string() == "true" || v.as_string() == "false")) {
      b = v.as_string() == "true";
    } else if (!v.is_null()) {
      return args.fail("argument 1 must be a list of bools, but element " + std::to_string(k) +
                       " is " + describe_type(v));
    }
    if (b != all) return Value::boolean(!all);
  }
  return Value::boolean(all);
}

Value chunklist(Args& args) {
  const Value::List* items = args.list(0);
  auto size = args.integer(1);
  if (!items || !size) return {};
  if (*size < 0) {
    return args.fail("the chunk size must not be negative, got " + std::to_string(*size));
  }
  if (*size == 0) return Value::list({Value::list(*items)});
  Value::List out;
  for (std::size_t i = 0; i < items->size(); i += static_cast<std::size_t>(*size)) {
    const std::size_t end = std::min(items->size(), i + static_cast<std::size_t>(*size));
    out.push_back(Value::list(Value::List(items->begin() + static_cast<std::ptrdiff_t>(i),
                                          items->begin() + static_cast<std::ptrdiff_t>(end))));
  }
  return Value::list(std::move(out));
}

Value coalescelist(Args& args) {
  if (args.size() == 0) return args.fail("at least one argument is required");
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i].is_null()) continue;
    const Value::List* items = args.list(i);
    if (!items) return {};
    if (!items->empty()) return args[i];
  }
  return args.fail("no non-empty list among the arguments");
}

Value matchkeys(Args& args) {
  const Value::List* values = args.list(0);
  const Value::List* keys = args.list(1);
  const Value::List* search = args.list(2);
  if (!values || !keys || !search) return {};
  if (values->size() != keys->size()) {
    return args.fail("the lists of values and of keys must have the same length, got " +
                     std::to_string(values->size()) + " and " + std::to_string(keys->size()));
  }
  Value::List out;
  for (std::size_t i = 0; i < keys->size(); ++i) {
    if (std::find(search->begin(), search->end(), (*keys)[i]) != search->end()) {
      out.push_back((*values)[i]);
    }
  }
  return Value::list(std::move(out));
}

Value one(Args& args) {
  const Value::List* items = args.list(0);
  if (!items) return {};
  if (items->empty()) return Value::null();
  if (items->size() == 1) return items->front();
  return args.fail("the list must have zero or one elements, got " +
                   std::to_string(items->size()));
}

Value sum(Args& args) {
  const Value::List* items = args.list(0);
  if (!items) return {};
  if (items->empty()) return args.fail("cannot sum an empty list");
  lang::Number total;
  for (std::size_t k = 0; k < items->size(); ++k) {
    const Value& v = (*items)[k];
    std::optional<lang::Number> n;
    if (v.kind() == Value::Kind::Number) n = v.as_number();
    if (v.kind() == Value::Kind::String) n = parse_number(v.as_string());
    if (!n) {
      return args.fail("argument 1 must be a list of numbers, but element " + std::to_string(k) +
                       " is " + describe_type(v));
    }
    lang::NumberResult sum = total.add(*n);
    if (!sum) return args.fail(sum.error());
    total = *sum;
  }
  return Value::number(total);
}

Value transpose(Args& args) {
  const Value::Object* map = args.object(0);
  if (!map) return {};
  std::map<std::string, Value::List> out;
  for (const auto& [key, list] : *map) {
    if (list.kind() != Value::Kind::List) {
      return args.fail("argument 1 must be a map of lists of strings, but \"" + key + "\" is " +
                       describe_type(list));
    }
    for (const Value& item : list.as_list()) {
      std::optional<std::string> s = primitive_to_string(item);
      if (!s) {
        return args.fail("argument 1 must be a map of lists of strings, but \"" + key +
                         "\" holds " + describe_type(item));
      }
      out[*s].push_back(Value::string(key));
    }
  }
  Value::Object result;
  for (auto& [key, list] : out) result.emplace(key, Value::list(std::move(list)));
  return Value::object(std::move(result));
}

}  // namespace

std::vector<Function> list_functions() {
  return {
      {
          .name = "alltrue",
          .params = {"list"},
          .doc = R"md(
            Whether every element of a list of bools is true; true for an empty list.

            ```infra
            alltrue(["true", true])  # true
            alltrue([true, false])   # false
            ```
          )md",
          .impl = [](Args& args) { return truth(args, true); },
      },
      {
          .name = "anytrue",
          .params = {"list"},
          .doc = R"md(
            Whether any element of a list of bools is true; false for an empty list.

            ```infra
            anytrue(["true"])        # true
            anytrue([false, false])  # false
            ```
          )md",
          .impl = [](Args& args) { return truth(args, false); },
      },
      {
          .name = "chunklist",
          .params = {"list", "size"},
          .doc = R"md(
            Splits `list` into lists of `size` elements (the last may be shorter). Size 0
            gives the whole list as one chunk.

            ```infra
            chunklist(["a", "b", "c", "d", "e"], 2)  # [["a", "b"], ["c", "d"], ["e"]]
            ```
          )md",
          .impl = chunklist,
      },
      {
          .name = "coalescelist",
          .params = {"lists..."},
          .doc = R"md(
            The first of the lists that is not empty.

            ```infra
            coalescelist([], ["c", "d"], ["e"])  # ["c", "d"]
            ```
          )md",
          .impl = coalescelist,
      },
      {
          .name = "matchkeys",
          .params = {"values", "keys", "searchset"},
          .doc = R"md(
            The elements of `values` whose counterpart at the same index in `keys` is in
            `searchset`, in order.

            ```infra
            matchkeys(["i-123", "i-abc", "i-def"], ["us-west", "us-east", "us-east"], ["us-east"])
            # ["i-abc", "i-def"]
            ```
          )md",
          .impl = matchkeys,
      },
      {
          .name = "one",
          .params = {"list"},
          .doc = R"md(
            The only element of a list of zero or one elements; null when it is empty.

            ```infra
            one([])       # null
            one(["hello"])  # "hello"
            ```
          )md",
          .impl = one,
      },
      {
          .name = "sum",
          .params = {"list"},
          .doc = R"md(
            The sum of a non-empty list of numbers; exact for whole numbers.

            ```infra
            sum([10, 13, 6, 4.5])  # 33.5
            ```
          )md",
          .impl = sum,
      },
      {
          .name = "transpose",
          .params = {"map"},
          .doc = R"md(
            Swaps the keys and the values of a map of lists of strings.

            ```infra
            transpose({a = ["1", "2"], b = ["2", "3"]})
            # {"1" = ["a"], "2" = ["a", "b"], "3" = ["b"]}
            ```
          )md",
          .impl = transpose,
      },
  };
}

}  // namespace infra::stdlib
