// load_module: a module directory and, through its `module` blocks, every module it calls.
#include <algorithm>
#include <map>
#include <set>

#include "lang/ast.hpp"
#include "lang/config.hpp"

namespace infra::lang {
namespace {

namespace fs = std::filesystem;

class TreeLoader {
 public:
  TreeLoader(const fs::path& root, Diagnostics& diags) : root_(root), diags_(diags) {}

  Module load() {
    Module root = load_module_files(root_, "", diags_);
    stack_.push_back(key_of(root_));
    load_calls(root, "", root);
    return root;
  }

 private:
  /// Loads the modules `module` calls; `prefix` is its directory relative to the root,
  /// `root` collects every file for messages.
  void load_calls(Module& module, const fs::path& prefix, Module& root) {
    for (ModuleCall& call : module.module_calls) {
      if (call.source.empty()) continue;  // the loader reported it
      const fs::path dir = (module.dir / call.source).lexically_normal();
      const fs::path shown = (prefix / call.source).lexically_normal();
      std::error_code ec;
      if (!fs::is_directory(dir, ec)) {
        diags_.error(call.source_range, "Module not found",
                     "module \"" + call.name + "\" calls \"" + call.source + "\", but there is no "
                     "directory " + shown.string() + ".");
        continue;
      }
      const std::string key = key_of(dir);
      if (std::find(stack_.begin(), stack_.end(), key) != stack_.end()) {
        diags_.error(call.source_range, "Module calls itself",
                     "module \"" + call.name + "\" calls " + shown.string() + ", which is "
                     "already being called on the way here; modules cannot be recursive.");
        continue;
      }
      if (auto it = loaded_.find(key); it != loaded_.end()) {
        call.module = it->second;
      } else {
        Module child = load_module_files(dir, shown, diags_);
        stack_.push_back(key);
        load_calls(child, shown, root);
        stack_.pop_back();
        check_child(child);
        for (const auto& [name, text] : child.files) root.files.emplace(name, text);
        call.module = loaded_[key] = std::make_shared<const Module>(std::move(child));
      }
      check_arguments(call, *call.module);
    }
  }

  /// What a called module may not have: provider configurations are made in the root.
  void check_child(const Module& child) {
    for (const auto& p : child.providers) {
      diags_.error(p.range, "Provider configuration in a called module",
                   "Providers are configured in the root module only. Move this provider "
                   "block there, and pass the configuration to the module with providers = "
                   "{ " + p.name + (p.alias.empty() ? "" : "." + p.alias) + " = " + p.name +
                       (p.alias.empty() ? "" : "." + p.alias) + " } in its module block.");
    }
    if (child.backend) {
      diags_.add({Severity::Warning, "Backend settings in a called module are ignored",
                  "Only the root module says where the state is kept.", child.backend->range});
    }
  }

  /// Every argument is a variable of the called module; every required variable is given.
  void check_arguments(const ModuleCall& call, const Module& child) {
    std::set<std::string> given;
    for (const auto& a : attributes(*call.body)) {
      given.insert(a.name);
      if (child.find_variable(a.name) != nullptr) continue;
      std::string declared;
      for (const auto& v : child.variables) declared += (declared.empty() ? "" : ", ") + v.name;
      diags_.error(a.range, "Unsupported argument",
                   "An argument named \"" + a.name + "\" is not expected here: module \"" +
                       call.name + "\" (" + call.source + ") has no variable \"" + a.name + "\". " +
                       (declared.empty() ? "It declares no variables."
                                         : "Its variables are: " + declared + "."));
    }
    for (const auto& v : child.variables) {
      if (v.default_value || given.count(v.name)) continue;
      diags_.error(call.range, "Missing required argument",
                   "The argument \"" + v.name + "\" is required by module \"" + call.name +
                       "\" (variable \"" + v.name + "\" at " + location(v.range) +
                       " has no default), but no definition was found.");
    }
  }

  static std::string key_of(const fs::path& dir) {
    std::error_code ec;
    fs::path canonical = fs::weakly_canonical(dir, ec);
    return (ec ? dir : canonical).string();
  }

  fs::path root_;
  Diagnostics& diags_;
  std::vector<std::string> stack_;  // the directories of the calls on the way here
  std::map<std::string, std::shared_ptr<const Module>> loaded_;
};

}  // namespace

Module load_module(const std::filesystem::path& dir, Diagnostics& diags) {
  return TreeLoader(dir, diags).load();
}

}  // namespace infra::lang
