"""Lambda sources (regional). Environment variable values are redacted before storage.

Function environments routinely hold secrets (database passwords, API tokens). They are
removed from every item as soon as it is fetched, so they never reach the inventory, a saved
inventory file or a report; ``_redacted`` on the item records that the field existed.
"""

from awslint.sources.base import FollowUp, Identity, Source

#: Dotted paths removed from every function item before it is stored.
SECRET_FIELDS = ("Environment.Variables",)

functions = Source(
    "lambda:functions", "lambda", "list_functions", "Functions", redact=SECRET_FIELDS,
    description="Functions ($LATEST configuration); environment variable values are redacted.",
    identity=Identity(
        id="FunctionName", arn=("FunctionArn", "arn:{partition}:lambda:{region}:{account}:function:{FunctionName}"),
        name="FunctionName", type="AWS::Lambda::Function"))

functions_async = Source(
    "lambda:functions_async", "lambda", "list_functions", "Functions", redact=SECRET_FIELDS,
    follow_ups=(
        # ResourceNotFoundException = no asynchronous-invocation config on the unqualified function.
        FollowUp("get_function_event_invoke_config", params=lambda f: {"FunctionName": f["FunctionName"]},
                 store_as="EventInvokeConfig", missing=("ResourceNotFoundException",)),
        # ResourceNotFoundException = no resource-based policy: no AWS service may push events to it.
        FollowUp("get_policy", params=lambda f: {"FunctionName": f["FunctionName"]},
                 store_as="Policy", result_key="Policy", missing=("ResourceNotFoundException",)),
    ),
    description="Functions (environment values redacted) with their asynchronous-invocation config "
                "(EventInvokeConfig) and resource-based policy (Policy, a JSON string).",
    identity=Identity(
        id="FunctionName", arn=("FunctionArn", "arn:{partition}:lambda:{region}:{account}:function:{FunctionName}"),
        name="FunctionName", type="AWS::Lambda::Function"))
