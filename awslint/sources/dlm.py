"""Amazon Data Lifecycle Manager sources (regional).

GetLifecyclePolicies returns summaries only, so each policy is followed by GetLifecyclePolicy
for its ``PolicyDetails`` (policy type, resource types, target tags), stored under ``Policy``
(``None`` if the policy vanished meanwhile). Default policies (DLM's tag-less "back up every
volume / instance in the region" policies) are listed by a second, filtered call, because the
API documents ``DefaultPolicyType`` as the way to get them; checks de-duplicate by PolicyId.
"""

from awslint.sources.base import FollowUp, Identity, Source

lifecycle_policies = Source(
    "dlm:lifecycle_policies", "dlm", "get_lifecycle_policies", "Policies", paginate=False,
    follow_ups=(FollowUp("get_lifecycle_policy", lambda p: {"PolicyId": p["PolicyId"]}, "Policy",
                         result_key="Policy", missing=("ResourceNotFoundException",)),),
    description="DLM lifecycle policies with their details.",
    identity=Identity(
        id="PolicyId", arn=("PolicyArn", "arn:{partition}:dlm:{region}:{account}:policy/{PolicyId}"), name="Description",
        type="AWS::DLM::LifecyclePolicy"))
default_policies = Source(
    "dlm:default_policies", "dlm", "get_lifecycle_policies", "Policies", paginate=False,
    params={"DefaultPolicyType": "ALL"},
    description="DLM default policies (they target every volume or instance in the region).",
    identity=Identity(
        id="PolicyId", arn=("PolicyArn", "arn:{partition}:dlm:{region}:{account}:policy/{PolicyId}"), name="Description",
        type="AWS::DLM::LifecyclePolicy"))
