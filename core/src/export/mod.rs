//! Export of a design to Azure's shapes (issue 19 §3). The first format is the flat REST /
//! Resource Graph shape that import reads ([`arm_resources::to_arm_resources`]), so import is
//! tested against it: a design exported and imported back is the same design (modulo ids).

pub mod arm_resources;
mod arm_resources_dns;
mod arm_resources_fw;
mod arm_resources_hybrid;
mod arm_resources_paas;
mod arm_resources_resolver;
mod arm_resources_studio;

pub use arm_resources::to_arm_resources;
