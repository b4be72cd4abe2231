// infra-provider-tls: private keys, certificate requests and certificates made locally with
// OpenSSL, and certificates read from PEM. Speaks protocol v1 on stdio.
#include "providers/sdk/provider.hpp"
#include "providers/tls/resources.hpp"

int main() {
  using namespace infra::providers;
  sdk::Provider provider;
  provider.name = "tls";
  provider.version = "0.1.0";
  provider.resources.emplace("tls_private_key", tls::private_key_resource());
  provider.resources.emplace("tls_self_signed_cert", tls::self_signed_cert_resource());
  provider.resources.emplace("tls_cert_request", tls::cert_request_resource());
  provider.resources.emplace("tls_locally_signed_cert", tls::locally_signed_cert_resource());
  provider.data_sources.emplace("tls_certificate", tls::certificate_data_source());
  return sdk::serve(provider);
}
