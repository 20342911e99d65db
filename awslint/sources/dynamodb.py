"""DynamoDB sources (regional).

``list_tables`` returns bare names, so each is wrapped as ``{"TableName": name}`` and three
follow-up reads per table add what the checks need:

- ``Table``: ``describe_table`` (status, ARN, ``Replicas`` of a global table);
- ``ContinuousBackupsDescription``: ``describe_continuous_backups`` (point-in-time recovery);
- ``Tags``: ``list_tags_of_resource`` (criticality tags; ``describe_table`` carries none).

A table deleted between the listing and a follow-up stores ``None`` (``ResourceNotFoundException`` /
``TableNotFoundException``), and checks skip it. If ``describe_table`` found nothing, the tags call
is skipped (``Tags`` is ``None`` too).
"""

from awslint.sources.base import FollowUp, Identity, Source


def _table_name(item: dict) -> dict:
    return {"TableName": item["TableName"]}


def _table_arn(item: dict) -> dict | None:
    arn = (item.get("Table") or {}).get("TableArn")
    return {"ResourceArn": arn} if arn else None


tables = Source(
    "dynamodb:tables", "dynamodb", "list_tables", "TableNames", wrap="TableName",
    follow_ups=(
        FollowUp("describe_table", _table_name, "Table", result_key="Table",
                 missing=("ResourceNotFoundException",)),
        FollowUp("describe_continuous_backups", _table_name, "ContinuousBackupsDescription",
                 result_key="ContinuousBackupsDescription",
                 missing=("TableNotFoundException", "ResourceNotFoundException")),
        FollowUp("list_tags_of_resource", _table_arn, "Tags", result_key="Tags", paginate=True,
                 missing=("ResourceNotFoundException",)),
    ),
    description="Tables with describe_table, continuous backups (PITR) and tags per table.",
    identity=Identity(
        id="TableName", arn=("Table.TableArn", "arn:{partition}:dynamodb:{region}:{account}:table/{TableName}"),
        name="TableName", type="AWS::DynamoDB::Table", state="Table.TableStatus", gone=("DELETING",),
        keep=lambda item: item.get("Table") is not None))
