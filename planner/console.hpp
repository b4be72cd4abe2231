// Console: evaluates expressions against a configuration and its current state, as
// `infra console` does: variables, locals, resources as the state records them.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "lang/config.hpp"
#include "lang/value.hpp"
#include "planner/module_eval.hpp"
#include "state/backend.hpp"

namespace infra::planner {

class Console {
 public:
  /// Resolves the variables (from `inputs`) and evaluates the locals; resources take the
  /// values recorded in `snapshot` (unknown when not there), infra.workspace is
  /// `workspace`. Problems go to `diags`.
  Console(const lang::Module& module, const state::Snapshot& snapshot,
          const std::vector<VariableInput>& inputs, const std::string& workspace,
          lang::Diagnostics& diags);
  ~Console();

  /// Evaluates one expression; `source_name` is what messages call it. Its text is added
  /// to `files` so that messages can quote it.
  lang::Value evaluate(const std::string& source_name, const std::string& text,
                       lang::SourceFiles& files, lang::Diagnostics& diags) const;

 private:
  std::unique_ptr<ModuleValues> values_;
};

}  // namespace infra::planner
