/** 简体中文：输入（或从状态读回的值）为何被拒绝，以及如何修正。 */
import type { GuidProblem, InputReason, NameProblem, NotedChar, ShownValue, ValidationTexts, Where } from "../validationTypes";

const EXAMPLE_GUID = "01234567-89ab-cdef-0123-456789abcdef";
const ID_SHAPE = "/subscriptions/<guid>/resourceGroups/<group>/providers/Microsoft.AzureStack/registrations/<name>";

const show = (v: ShownValue): string => {
    switch (v.kind) {
        case "text":
            return v.text;
        case "longText":
            return `${v.text}（共 ${v.length} 个字符）`;
        case "null":
            return "null";
        case "array":
            return "一个数组";
        case "object":
            return "一个对象";
        case "other":
            return `${v.type} ${v.text}`;
    }
};

const char = (c: NotedChar) =>
    c.kind === "nonAscii"
        ? `非 ASCII 字符“${c.char}”（${c.codePoint}）`
        : `${c.kind === "control" ? "控制字符" : "不可见字符"} ${c.codePoint}`;

const SEGMENTS = { subscription: "其中的订阅部分", resourceGroup: "其中的资源组部分", registrationName: "其中的注册名称部分" };
const where = (w: Where) => (w.segment ? `${w.property}（${SEGMENTS[w.segment]}）` : w.property);

const ALLOWED = {
    resourceGroup: "字母 A-Z/a-z、数字、“_”、“(”、“)”、“-”和“.”",
    registrationName: "字母 A-Z/a-z、数字、“_”、“-”和“.”",
};

function guidProblem(p: GuidProblem): string {
    switch (p.kind) {
        case "notString":
        case "other":
            return `实际收到 ${show(p.got)}。`;
        case "empty":
            return "值为空。";
        case "invisible":
            return `其中含有${char(p.char)}；请重新输入或不带该字符重新粘贴。`;
        case "whitespace":
            return "开头或结尾有空白；请删除。";
        case "wrapped":
            return "被大括号或圆括号包围；请删除括号。";
        case "urnPrefix":
            return "带有“urn:uuid:”前缀；请只使用 GUID 本身。";
        case "percentEncoded":
            return "其中含有“%”（百分号编码）；请使用未编码的 GUID。";
        case "lookAlike":
            return `其中含有${char(p.char)}，它只是看起来像 GUID 字符；请用纯 ASCII 重新输入。`;
        case "noHyphens":
            return "缺少连字符；请写成 8-4-4-4-12 位十六进制数字。";
    }
}

function nameProblem(p: NameProblem): string {
    switch (p.kind) {
        case "notString":
            return `实际收到 ${show(p.got)}，应为字符串。`;
        case "empty":
            return "值为空。";
        case "tooLong":
            return `长度为 ${p.length} 个字符（最多 ${p.max} 个）。`;
        case "dotDot":
            return "其中含有“..”，会改变 URL 路径；请删除。";
        case "invisible":
            return `其中含有${char(p.char)}；请删除。`;
        case "forbidden":
            return `其中含有 ${p.char}，ARM 名称或 URL 路径段中不允许使用；请删除。`;
        case "lookAlike":
            return `其中含有${char(p.char)}；只接受${ALLOWED[p.allowed]}（形似的字母会指向另一个资源）。`;
        case "notAllowed":
            return `只接受${ALLOWED[p.allowed]}；实际收到 ${show(p.got)}。`;
        case "trailingDot":
            return "以“.”结尾；请删除末尾的句点。";
    }
}

const ROLES = { customerSubscriptionId: "客户的 Azure (CSP) 订阅 ID", tenantId: "客户的 Microsoft Entra 租户 ID" };

export const zhValidation: ValidationTexts = (r: InputReason): string => {
    const code = (c?: string) => (c ? `${c}: ` : "");
    switch (r.kind) {
        case "notAnInput":
            return (
                `“${r.key}”不是 ${r.resource} 的输入` +
                (r.suggestion ? `；您是否想写“${r.suggestion}”？` : `；可用的输入为 ${r.inputs.join(", ")}。`)
            );
        case "registrationTwice":
            return (
                "只能用一种方式指定注册：registrationId，或 registrationSubscriptionId + resourceGroup + registrationName；" +
                `两种都已给出（${r.given.join(", ")}）。请删除其中一种。`
            );
        case "registrationMissing":
            return (
                "缺少注册：请设置 registrationId（注册的 ARM ID，例如 azure-native Registration 的 id），" +
                "或 registrationSubscriptionId + resourceGroup + registrationName。"
            );
        case "registrationIdNotString":
            return `registrationId 必须是字符串形式的 ARM ID；实际收到 ${show(r.got)}。`;
        case "registrationIdShape":
            return (
                `registrationId 必须是 Microsoft.AzureStack/registrations 资源的 ARM ID，即“${ID_SHAPE}”；实际收到 ` +
                `${show(r.got)}${r.resourceType ? `（这是 ${r.resourceType} 的 ID）` : ""}。`
            );
        case "partMissing":
            return `用字段指定注册时 ${r.property} 为必填项（或改用 registrationId）。`;
        case "required":
            return `${r.property} 为必填项：${ROLES[r.property]}，GUID 格式。`;
        case "guid":
            return (
                `${code(r.code)}${where(r.where)} 必须是${r.problem.kind === "notString" ? "字符串形式的" : ""} GUID，` +
                `例如 ${EXAMPLE_GUID}；${guidProblem(r.problem)}`
            );
        case "resourceGroup":
            return (
                `${where(r.where)} 必须是 Azure 资源组名称（1 到 90 个 ASCII 字母、数字、“_”、“(”、“)”、“-”、“.”，` +
                `不能以“.”结尾），通常为“azurestack”；${nameProblem(r.problem)}`
            );
        case "registrationName":
            return (
                `${where(r.where)} 必须是注册的名称，通常为“azurestack-<CloudID>”（1 到 128 个 ASCII 字母、数字、“_”、“-”、“.”，` +
                `不能以“.”结尾）；${nameProblem(r.problem)}`
            );
        case "apiVersion":
            return `apiVersion 必须是 ${r.versions.join(", ")} 之一（默认 ${r.defaultVersion}）；实际收到 ${show(r.got)}。`;
        case "boolean":
            return `${r.property} 必须是 true 或 false；实际收到 ${show(r.got)}。`;
        case "unknownInState":
            return `${r.property} 是未知值，而状态中从不保存未知值。`;
        case "idMismatch":
            return `资源 ID ${show(r.id)} 与其属性所描述的映射（${show(r.described)}）不符。`;
        case "setMappings":
            return (
                `mappings 必须将每个客户订阅 ID 映射到其租户 ID，例如 { "${EXAMPLE_GUID}": "<租户 ID>" }` +
                (r.got ? `；实际收到 ${show(r.got)}。` : "（必填）。")
            );
        case "setEntry":
            return `mappings 的条目必须是租户 ID，或包含 tenantId（以及可选的 ${r.options.join(", ")}）的对象；实际收到 ${show(r.got)}。`;
        case "oneOf":
            return `${r.property} 必须是 ${r.values.join(", ")} 之一（默认 ${r.defaultValue}）；实际收到 ${show(r.got)}。`;
        case "wholeNumber":
            return `${r.property} 必须是 0 或更大的整数；实际收到 ${show(r.got)}。`;
        case "idSpelling":
            return `资源 ID ${show(r.id)} 中客户订阅的大小写与其 customerSubscriptionId ${show(r.customerSubscriptionId)} 不同。`;
    }
};
