"""IAM sources (global: collected once per account).

``GetAccountAuthorizationDetails`` returns every role with its inline policy documents and
attached policy ARNs, and every customer-managed policy with all its versions, in a few
paginated calls, instead of one ``GetRolePolicy``/``GetPolicyVersion`` call per policy.
botocore URL-decodes and JSON-parses the documents (``json_decode_policies``), so they arrive
as dicts; checks still accept JSON strings, for inventories produced by other tools.
AWS-managed policy documents are not fetched (they are public and identical in every account).
"""

from awslint.sources.base import Identity, Source

roles = Source("iam:roles", "iam", "get_account_authorization_details", "RoleDetailList", scope="global",
               params={"Filter": ["Role"]},
               description="Roles with inline policy documents (RolePolicyList), attached policy ARNs "
                           "(AttachedManagedPolicies) and permissions boundary.",
    identity=Identity(id="RoleName", arn="Arn", name="RoleName", type="AWS::IAM::Role"))
local_policies = Source("iam:local_policies", "iam", "get_account_authorization_details", "Policies", scope="global",
                        params={"Filter": ["LocalManagedPolicy"]},
                        description="Customer-managed policies with every version's document (PolicyVersionList).",
    identity=Identity(id="PolicyName", arn="Arn", name="PolicyName", type="AWS::IAM::ManagedPolicy"))
