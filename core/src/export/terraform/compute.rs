//! NICs (with their public IPs and their NSG, ASG and load balancer pool associations), Linux
//! VMs (size, image and administrator account as variables: the model holds none of them),
//! internal Standard load balancers with pool, probe and rules (F-22), and NAT gateways with
//! their public IPs (F-23).

use super::context::{path, Ctx};
use super::network::{list, resource, tags};
use crate::model::{ProbeProtocol, Protocol};
use hcl::{Block, Expression};

pub(super) fn register(cx: &mut Ctx) {
    let d = cx.d;
    for vm in d.vms.iter().filter(|v| !v.meta.external) {
        cx.register(&vm.id, "azurerm_linux_virtual_machine", &vm.name, "vm");
        for n in &vm.nics {
            cx.register(&n.id, "azurerm_network_interface", &n.name, "nic");
        }
    }
    for l in d.load_balancers.iter().filter(|l| !l.meta.external) {
        cx.register(&l.id, "azurerm_lb", &l.name, "lb");
    }
    for n in d.nat_gateways.iter().filter(|n| !n.meta.external) {
        cx.register(&n.id, "azurerm_nat_gateway", &n.name, "ng");
    }
}

/// A Standard static public IP; returns its label (Azure assigns the address: the design's is
/// what the simulation assumed).
pub(super) fn public_ip(cx: &mut Ctx, name: &str, location: Expression) -> String {
    let label = cx.label("azurerm_public_ip", name, "pip");
    let b = resource("azurerm_public_ip", &label)
        .add_attribute(("name", name))
        .add_attribute(("location", location))
        .add_attribute(("resource_group_name", cx.rg()))
        .add_attribute(("allocation_method", "Static"))
        .add_attribute(("sku", "Standard"));
    cx.push(b.build());
    label
}

/// `azurerm_public_ip.<label>.id`.
pub(super) fn pip_id(label: &str) -> Expression {
    path("azurerm_public_ip", &[label, "id"])
}

pub(super) fn write(cx: &mut Ctx) {
    let d = cx.d;
    for n in d.nat_gateways.iter().filter(|n| !n.meta.external) {
        let Some(label) = cx.resource(&n.id).map(|(_, l)| l.to_string()) else { continue };
        let loc = cx.location(&cx.first_region());
        let b = resource("azurerm_nat_gateway", &label)
            .add_attribute(("name", n.name.as_str()))
            .add_attribute(("location", loc.clone()))
            .add_attribute(("resource_group_name", cx.rg()))
            .add_attribute(("sku_name", "Standard"));
        cx.push(tags(b, &n.meta).build());
        for i in 0..n.public_ips.len() {
            let pip = public_ip(cx, &format!("{}-pip{}", n.name, i + 1), loc.clone());
            let assoc =
                cx.label("azurerm_nat_gateway_public_ip_association", &format!("{}_pip{}", n.name, i + 1), "ng");
            let b = resource("azurerm_nat_gateway_public_ip_association", &assoc)
                .add_attribute(("nat_gateway_id", path("azurerm_nat_gateway", &[&label, "id"])))
                .add_attribute(("public_ip_address_id", pip_id(&pip)));
            cx.push(b.build());
        }
    }
    for vm in d.vms.iter().filter(|v| !v.meta.external) {
        for n in &vm.nics {
            nic(cx, n);
        }
        vm_block(cx, vm);
    }
    balancers(cx);
}

fn nic(cx: &mut Ctx, n: &crate::model::Nic) {
    let Some(label) = cx.resource(&n.id).map(|(_, l)| l.to_string()) else { return };
    let loc = cx.location(&cx.region_of_subnet(&n.subnet));
    let pip = n.public_ip.map(|_| public_ip(cx, &format!("{}-pip", n.name), loc.clone()));
    let mut b = resource("azurerm_network_interface", &label)
        .add_attribute(("name", n.name.as_str()))
        .add_attribute(("location", loc))
        .add_attribute(("resource_group_name", cx.rg()));
    if n.ip_forwarding {
        b = b.add_attribute(("ip_forwarding_enabled", true));
    }
    if !n.dns_servers.is_empty() {
        b = b.add_attribute(("dns_servers", list(&n.dns_servers)));
    }
    for (k, ip) in n.ips().enumerate() {
        let mut c = Block::builder("ip_configuration")
            .add_attribute(("name", format!("ipconfig{}", k + 1)))
            .add_attribute(("subnet_id", cx.id(&n.subnet)))
            .add_attribute(("private_ip_address_allocation", "Static"))
            .add_attribute(("private_ip_address", ip.to_string()));
        if k == 0 {
            if let Some(p) = &pip {
                c = c.add_attribute(("public_ip_address_id", pip_id(p)));
            }
        }
        if !n.secondary_ips.is_empty() {
            c = c.add_attribute(("primary", k == 0));
        }
        b = b.add_block(c.build());
    }
    let mut tagged = n.meta.clone();
    tagged.tags.extend(n.tags.clone());
    cx.push(tags(b, &tagged).build());
    let nic_id = path("azurerm_network_interface", &[&label, "id"]);
    if let Some(g) = &n.nsg {
        let b = resource("azurerm_network_interface_security_group_association", &label)
            .add_attribute(("network_interface_id", nic_id.clone()))
            .add_attribute(("network_security_group_id", cx.id(g)));
        cx.push(b.build());
    }
    for a in cx.ix().asgs_of_nic(&n.id).to_vec().into_iter().filter(|a| !a.meta.external) {
        let l = cx.label(
            "azurerm_network_interface_application_security_group_association",
            &format!("{}_{}", n.name, a.name),
            "nic",
        );
        let b = resource("azurerm_network_interface_application_security_group_association", &l)
            .add_attribute(("network_interface_id", nic_id.clone()))
            .add_attribute(("application_security_group_id", cx.id(&a.id)));
        cx.push(b.build());
    }
}

fn vm_block(cx: &mut Ctx, vm: &crate::model::Vm) {
    let Some(label) = cx.resource(&vm.id).map(|(_, l)| l.to_string()) else { return };
    let region = vm.nics.first().map(|n| cx.region_of_subnet(&n.subnet)).unwrap_or_else(|| cx.first_region());
    let loc = cx.location(&region);
    let size =
        cx.var("vm_size", "string", Some("Standard_B2s".into()), "Size of every VM (the design does not choose one).");
    let user = cx.var("admin_username", "string", Some("azureuser".into()), "Administrator user name of the VMs.");
    let password = cx.secret("admin_password", "Administrator password of the VMs.");
    let image_default: hcl::Object<hcl::ObjectKey, Expression> =
        [("publisher", "Canonical"), ("offer", "ubuntu-24_04-lts"), ("sku", "server"), ("version", "latest")]
            .into_iter()
            .map(|(k, v)| (hcl::ObjectKey::from(k), Expression::from(v)))
            .collect();
    cx.var(
        "vm_image",
        "object:publisher,offer,sku,version",
        Some(Expression::from(image_default)),
        "Image of every VM (the design does not choose one).",
    );
    let nics: Vec<Expression> = vm.nics.iter().map(|n| cx.id(&n.id)).collect();
    let image = ["publisher", "offer", "sku", "version"]
        .into_iter()
        .fold(Block::builder("source_image_reference"), |b, k| b.add_attribute((k, path("var", &["vm_image", k]))));
    let disk = Block::builder("os_disk")
        .add_attribute(("caching", "ReadWrite"))
        .add_attribute(("storage_account_type", "StandardSSD_LRS"));
    let b = resource("azurerm_linux_virtual_machine", &label)
        .add_attribute(("name", vm.name.as_str()))
        .add_attribute(("location", loc))
        .add_attribute(("resource_group_name", cx.rg()))
        .add_attribute(("size", size))
        .add_attribute(("admin_username", user))
        .add_attribute(("admin_password", password))
        .add_attribute(("disable_password_authentication", false))
        .add_attribute(("network_interface_ids", Expression::from(nics)))
        .add_block(disk.build())
        .add_block(image.build());
    cx.push(tags(b, &vm.meta).build());
}

fn balancers(cx: &mut Ctx) {
    let d = cx.d;
    for lb in d.load_balancers.iter().filter(|l| !l.meta.external) {
        let Some(label) = cx.resource(&lb.id).map(|(_, l)| l.to_string()) else { continue };
        let loc = cx.location(&cx.region_of_subnet(&lb.subnet));
        let front = Block::builder("frontend_ip_configuration")
            .add_attribute(("name", "frontend"))
            .add_attribute(("subnet_id", cx.id(&lb.subnet)))
            .add_attribute(("private_ip_address_allocation", "Static"))
            .add_attribute(("private_ip_address", lb.frontend_ip.to_string()));
        let b = resource("azurerm_lb", &label)
            .add_attribute(("name", lb.name.as_str()))
            .add_attribute(("location", loc))
            .add_attribute(("resource_group_name", cx.rg()))
            .add_attribute(("sku", "Standard"))
            .add_block(front.build());
        cx.push(tags(b, &lb.meta).build());
        let lb_id = path("azurerm_lb", &[&label, "id"]);
        let pool = resource("azurerm_lb_backend_address_pool", &label)
            .add_attribute(("name", "backend"))
            .add_attribute(("loadbalancer_id", lb_id.clone()));
        cx.push(pool.build());
        let pool_id = path("azurerm_lb_backend_address_pool", &[&label, "id"]);
        for m in &lb.backends {
            let nic_name = cx.ix().nic_name(&m.nic).unwrap_or_default().to_string();
            let l = cx.label(
                "azurerm_network_interface_backend_address_pool_association",
                &format!("{}_{nic_name}", lb.name),
                "lb",
            );
            let b = resource("azurerm_network_interface_backend_address_pool_association", &l)
                .add_attribute(("network_interface_id", cx.id(&m.nic)))
                .add_attribute(("ip_configuration_name", "ipconfig1"))
                .add_attribute(("backend_address_pool_id", pool_id.clone()));
            cx.push(b.build());
        }
        let probe_id = lb.probe.as_ref().map(|p| {
            let protocol = match p.protocol {
                ProbeProtocol::Tcp => "Tcp",
                ProbeProtocol::Http => "Http",
                ProbeProtocol::Https => "Https",
            };
            let mut b = resource("azurerm_lb_probe", &label)
                .add_attribute(("name", "probe"))
                .add_attribute(("loadbalancer_id", lb_id.clone()))
                .add_attribute(("protocol", protocol))
                .add_attribute(("port", i64::from(p.port)));
            if p.protocol != ProbeProtocol::Tcp {
                b = b.add_attribute(("request_path", "/"));
            }
            cx.push(b.build());
            path("azurerm_lb_probe", &[&label, "id"])
        });
        for r in &lb.rules {
            let protocol = match r.protocol {
                Protocol::Tcp => "Tcp",
                Protocol::Udp => "Udp",
                _ => "All",
            };
            let l = cx.label("azurerm_lb_rule", &format!("{}_{}", lb.name, r.name), "lb");
            let mut b = resource("azurerm_lb_rule", &l)
                .add_attribute(("name", r.name.as_str()))
                .add_attribute(("loadbalancer_id", lb_id.clone()))
                .add_attribute(("protocol", protocol))
                .add_attribute(("frontend_port", i64::from(r.frontend_port)))
                .add_attribute(("backend_port", i64::from(r.backend_port)))
                .add_attribute(("frontend_ip_configuration_name", "frontend"))
                .add_attribute(("backend_address_pool_ids", Expression::from(vec![pool_id.clone()])));
            if let Some(p) = &probe_id {
                b = b.add_attribute(("probe_id", p.clone()));
            }
            cx.push(b.build());
        }
    }
}
