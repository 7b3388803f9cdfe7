//! Public DNS as the simulator knows it: the PaaS names of the service catalog (D-10, D-11, E-23).
//! A resource with a private endpoint for a sub-resource has its public name CNAMEd to the
//! privatelink name; the privatelink name publicly resolves to the public IP.

use crate::catalog::services;
use crate::model::{Design, PeTarget};
use std::net::Ipv4Addr;

pub(crate) enum PublicAnswer {
    Cname(String),
    A(Ipv4Addr),
    NxDomain,
}

/// What public DNS answers for `name`.
pub(crate) fn answer(design: &Design, name: &str) -> PublicAnswer {
    for res in &design.paas {
        let Some(service) = services::service(&res.service) else { continue };
        for sub in service.sub_resources {
            let public = format!("{}.{}", res.name.to_ascii_lowercase(), sub.public_zone);
            let private = format!("{}.{}", res.name.to_ascii_lowercase(), sub.privatelink_zone);
            if name == public {
                let has_pe = design.private_endpoints.iter().any(|pe| {
                    matches!(&pe.target, PeTarget::Paas { resource, sub_resource }
                        if resource == &res.id && sub_resource.eq_ignore_ascii_case(sub.group_id))
                });
                return if has_pe { PublicAnswer::Cname(private) } else { PublicAnswer::A(res.public_ip) };
            }
            if name == private {
                return PublicAnswer::A(res.public_ip);
            }
        }
    }
    PublicAnswer::NxDomain
}
