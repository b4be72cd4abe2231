// The resource and data source types of infra-provider-tls, one factory per type.
#pragma once

#include "providers/sdk/provider.hpp"

namespace infra::providers::tls {

/// tls_private_key (private_key.cpp).
sdk::Resource private_key_resource();
/// tls_self_signed_cert (self_signed_cert.cpp).
sdk::Resource self_signed_cert_resource();
/// tls_cert_request (cert_request.cpp).
sdk::Resource cert_request_resource();
/// tls_locally_signed_cert (locally_signed_cert.cpp).
sdk::Resource locally_signed_cert_resource();
/// The tls_certificate data source (certificate_data.cpp).
sdk::DataSource certificate_data_source();

}  // namespace infra::providers::tls
