// Choosing the view of plan, apply and destroy.
#include "cli/view.hpp"

#include <iostream>

#include "cli/common.hpp"
#include "cli/view_json.hpp"

namespace infra::cli {

std::unique_ptr<View> make_view(const Args& args) {
  if (args.flag("json")) return make_json_view(std::cout);
  return make_human_view(Ui::detect(args));
}

}  // namespace infra::cli
