// The resource types of infra-provider-dns.
#pragma once

#include "providers/sdk/provider.hpp"

namespace infra::providers::dns {

sdk::Resource a_record_set_resource();
sdk::Resource aaaa_record_set_resource();
sdk::Resource cname_record_resource();
sdk::Resource txt_record_set_resource();
sdk::Resource srv_record_set_resource();
sdk::Resource ptr_record_resource();

}  // namespace infra::providers::dns
