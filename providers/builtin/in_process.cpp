// Built-in providers: the protocol's requests answered in process by sdk::answer.
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
    const std::string name(method);
    const auto failed = [&](const std::string& message) {
      return provider_.name + ": " + name + ": " + message;
    };
    try {
      return sdk::answer(provider_, name, params);
    } catch (const sdk::Error& e) {
      AttributePath path;
      try {
        path = path_from_json(e.path());
      } catch (const std::invalid_argument&) {
        path.clear();  // a path that is not one says nothing
      }
      throw ProviderError(failed(e.what()), std::move(path));
    } catch (const std::exception& e) {
      throw ProviderError(failed(e.what()));
    }
  }

  void shutdown() override {}

 private:
  sdk::Provider provider_;
  ProviderSchema schema_;
};

}  // namespace

bool is_builtin(const std::string& name) { return name == "infra"; }

std::unique_ptr<Plugin> start(const std::string& name) {
  if (name == "infra") return std::make_unique<InProcessPlugin>(infra_provider());
  throw ProviderError("\"" + name + "\" is not a built-in provider");
}

}  // namespace infra::providers::builtin
