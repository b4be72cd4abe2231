// Built-in providers: the protocol's requests answered by sdk::handle_request in process.
#include <atomic>

#include "providers/builtin/builtin.hpp"
#include "providers/builtin/infra_data.hpp"

namespace infra::providers::builtin {
namespace {

class InProcessPlugin final : public Plugin {
 public:
  explicit InProcessPlugin(sdk::Provider provider)
      : provider_(std::move(provider)), schema_(provider_.schema()) {}

  const ProviderSchema& schema() const override { return schema_; }

  nlohmann::json call(std::string_view method, const nlohmann::json& params) override {
    const nlohmann::json request = {{"id", ++next_id_}, {"method", method}, {"params", params}};
    nlohmann::json response = sdk::handle_request(provider_, request);
    if (auto error = response.find("error"); error != response.end()) {
      const std::string message = provider_.name + ": " + std::string(method) + ": " +
                                  error->value("message", std::string("failed"));
      AttributePath path;
      if (auto p = error->find("path"); p != error->end() && p->is_array()) {
        try {
          path = path_from_json(*p);
        } catch (const std::invalid_argument&) {
          path.clear();  // a path that is not one says nothing
        }
      }
      throw ProviderError(message, std::move(path));
    }
    return response.value("result", nlohmann::json::object());
  }

  void shutdown() override {}

 private:
  sdk::Provider provider_;
  ProviderSchema schema_;
  std::atomic<long long> next_id_{0};
};

}  // namespace

bool is_builtin(const std::string& name) { return name == "infra"; }

std::unique_ptr<Plugin> start(const std::string& name) {
  if (name == "infra") return std::make_unique<InProcessPlugin>(infra_provider());
  throw ProviderError("\"" + name + "\" is not a built-in provider");
}

}  // namespace infra::providers::builtin
